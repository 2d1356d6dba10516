package report

import (
	"fmt"
	"image/color"
	"math"
	"testing"
)

// A colour-vision check of the palettes: each colour is seen as a viewer
// with deuteranopia or protanopia would see it (Machado, Oliveira and
// Fernandes 2009, severity 1, applied in linear RGB), and the colours one
// figure uses must stay apart by a CIE76 colour difference (Euclidean
// distance in CIELAB) of at least a threshold. A difference of 2 is just
// noticeable side by side; lines and dots read from the back of a room
// need far more.

// cvdMatrix simulates a colour-vision deficiency on linear RGB.
type cvdMatrix [3][3]float64

var (
	normalVision = cvdMatrix{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
	deuteranopia = cvdMatrix{{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}
	protanopia   = cvdMatrix{{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}
)

var visions = []struct {
	name string
	m    cvdMatrix
}{{"normal vision", normalVision}, {"deuteranopia", deuteranopia}, {"protanopia", protanopia}}

func linear(c uint8) float64 {
	v := float64(c) / 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// simulate returns the linear RGB a viewer with vision m sees for c, c
// first laid over white if it is translucent (as the plots draw it).
func simulate(m cvdMatrix, c color.NRGBA) [3]float64 {
	a := float64(c.A) / 255
	over := func(v uint8) float64 { return linear(uint8(math.Round(float64(v)*a + 255*(1-a)))) }
	in := [3]float64{over(c.R), over(c.G), over(c.B)}
	var out [3]float64
	for i := range out {
		out[i] = math.Min(1, math.Max(0, m[i][0]*in[0]+m[i][1]*in[1]+m[i][2]*in[2]))
	}
	return out
}

// lab converts linear sRGB to CIELAB (D65).
func lab(l [3]float64) [3]float64 {
	x := (0.4124*l[0] + 0.3576*l[1] + 0.1805*l[2]) / 0.95047
	y := 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	z := (0.0193*l[0] + 0.1192*l[1] + 0.9505*l[2]) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x), f(y), f(z)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// deltaE is the CIE76 difference between a and b as seen with vision m.
func deltaE(m cvdMatrix, a, b color.NRGBA) float64 {
	p, q := lab(simulate(m, a)), lab(simulate(m, b))
	return math.Sqrt((p[0]-q[0])*(p[0]-q[0]) + (p[1]-q[1])*(p[1]-q[1]) + (p[2]-q[2])*(p[2]-q[2]))
}

type namedColour struct {
	name string
	c    color.NRGBA
}

// checkApart fails for every pair of colours closer than min under any of
// the visions, and returns the smallest difference found.
func checkApart(t *testing.T, colours []namedColour, minimum float64) float64 {
	t.Helper()
	least := math.Inf(1)
	for _, v := range visions {
		for i := range colours {
			for j := i + 1; j < len(colours); j++ {
				d := deltaE(v.m, colours[i].c, colours[j].c)
				least = min(least, d)
				if d < minimum {
					t.Errorf("%s: %s and %s differ by %.1f (CIE76), want at least %.0f", v.name, colours[i].name, colours[j].name, d, minimum)
				}
			}
		}
	}
	return least
}

// TestSimulationSeparatesWhatItShould checks the simulation itself: it
// keeps greys grey, and it brings together a red and a green that a
// deuteranope or protanope confuses, but not a blue and an orange.
func TestSimulationSeparatesWhatItShould(t *testing.T) {
	for _, v := range visions {
		for _, g := range []uint8{0, 0x77, 0xDD, 0xFF} {
			grey := color.NRGBA{g, g, g, 0xFF}
			if d := deltaE(normalVision, grey, color.NRGBA{}) - deltaE(v.m, grey, color.NRGBA{}); math.Abs(d) > 0.5 {
				t.Errorf("%s changes grey %d by %.2f", v.name, g, d)
			}
		}
	}
	red, green := color.NRGBA{0xD0, 0x40, 0x30, 0xFF}, color.NRGBA{0x60, 0x90, 0x20, 0xFF}
	for _, m := range []cvdMatrix{deuteranopia, protanopia} {
		if normal, sim := deltaE(normalVision, red, green), deltaE(m, red, green); sim > normal/2 {
			t.Errorf("red and green differ by %.1f simulated, %.1f normally: the simulation does not confuse them", sim, normal)
		}
		if d := deltaE(m, okBlue, okOrange); d < 50 {
			t.Errorf("Okabe-Ito blue and orange differ by only %.1f simulated", d)
		}
	}
}

// trajectoryMinDelta is the least difference between a state's line and
// anything else in the trajectories: above the 21 by which Okabe-Ito's
// green stood from the translucent mid-grey band of before under
// deuteranopia, where it read as the band (purple stood 14 from it).
const trajectoryMinDelta = 24

// TestTrajectoryColoursCVD: the lines of the default five states stay
// apart from each other, from the band of the text and from the page,
// under deuteranopia and protanopia. The band, light on purpose and wide,
// needs only to show on the page.
func TestTrajectoryColoursCVD(t *testing.T) {
	band, page := namedColour{"the text band", textBandColor}, namedColour{"the page", color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}}
	cols := []namedColour{band, page}
	for k, c := range trajectoryPalette[:5] {
		cols = append(cols, namedColour{fmt.Sprintf("state %d", k+1), c})
	}
	least := math.Inf(1)
	for _, v := range visions {
		for i := range cols {
			for j := max(i+1, 2); j < len(cols); j++ { // every pair with a state
				d := deltaE(v.m, cols[i].c, cols[j].c)
				least = min(least, d)
				if d < trajectoryMinDelta {
					t.Errorf("%s: %s and %s differ by %.1f (CIE76), want at least %d", v.name, cols[i].name, cols[j].name, d, trajectoryMinDelta)
				}
			}
		}
		if d := deltaE(v.m, band.c, page.c); d < 10 {
			t.Errorf("%s: the text band differs from the page by %.1f, want at least 10", v.name, d)
		}
	}
	t.Logf("least difference between a state's line and anything else: %.1f", least)
}

// TestOutcomeColoursCVD: the marks of a single run's survival plot and the
// segments of the decided-session plot stay apart.
func TestOutcomeColoursCVD(t *testing.T) {
	var marks []namedColour
	for _, o := range []string{OutcomeAsProposed, OutcomeReworded, OutcomeDeleted, OutcomeNotAdopted} {
		marks = append(marks, namedColour{o, outcomeStyles[o].glyph.Color.(color.NRGBA)})
	}
	checkApart(t, marks, trajectoryMinDelta)
	checkApart(t, []namedColour{{"consensus", okBlue}, {"vote", okOrange}, {"not adopted", grey}}, trajectoryMinDelta)
}

// TestCoalitionColoursCVD: the first six coalition colours (the flagship
// finds six identities) stay at least 15 apart. The bar is lower than for
// lines: blocks and dots are large patches, and every figure also names
// its coalitions (numbers in the blocks, the keys per session); Okabe-Ito's
// orange and vermillion, and its green and purple, come within 18 of each
// other under deuteranopia.
func TestCoalitionColoursCVD(t *testing.T) {
	var cols []namedColour
	for k := range 6 {
		id := fmt.Sprintf("C%d", k+1)
		cols = append(cols, namedColour{id, coalitionColor(id)})
	}
	least := checkApart(t, cols, 15)
	t.Logf("least difference between coalitions: %.1f", least)
}

// TestOldTrajectoryColoursFailed: the check catches what was reported, the
// old band (mid grey at 70%) against the old fourth state's purple and
// third state's green under deuteranopia.
func TestOldTrajectoryColoursFailed(t *testing.T) {
	oldBand := withAlpha(grey, 0.7)
	for _, c := range []color.NRGBA{okGreen, okPurple} {
		if d := deltaE(deuteranopia, oldBand, c); d >= trajectoryMinDelta {
			t.Errorf("the old band and %v differ by %.1f under deuteranopia: the check would not have caught them", c, d)
		}
	}
}
