package report

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/treatysim/treatysim/results"
)

// The coalitions as found in each session, and the flow chart of states
// moving between them.

// CoalitionKey is a coalition as found in one session: its identity, the
// name it had there and its size. Coalitions are named after their
// weightiest members, which change as states come and go, so a figure
// names a coalition per session, not once for all.
type CoalitionKey struct {
	Session string `json:"session"`
	ID      string `json:"id"`
	Name    string `json:"name"`
	Size    int    `json:"size"`
}

// CoalitionKeys lists the coalitions of every session held, in the order
// held, and by identity within a session.
func CoalitionKeys(d *results.RunData) []CoalitionKey {
	order := map[string]int{}
	for k, s := range heldSessions(d) {
		order[s] = k
	}
	var out []CoalitionKey
	for _, r := range d.Coalitions {
		if _, ok := order[r.Session]; ok {
			out = append(out, CoalitionKey{Session: r.Session, ID: r.Coalition, Name: r.Name, Size: r.Size})
		}
	}
	slices.SortStableFunc(out, func(a, b CoalitionKey) int {
		if c := order[a.Session] - order[b.Session]; c != 0 {
			return c
		}
		return compareCoalitions(a.ID, b.ID)
	})
	return out
}

// sessionKeysOf returns the coalitions of one session.
func sessionKeysOf(keys []CoalitionKey, session string) []CoalitionKey {
	var out []CoalitionKey
	for _, k := range keys {
		if k.Session == session {
			out = append(out, k)
		}
	}
	return out
}

// sessionLegend is a legend strip of the coalitions of one session:
// identity, size and the name they had there.
func sessionLegend(keys []CoalitionKey) []legendItem {
	var items []legendItem
	for _, k := range keys {
		items = append(items, swatchItem(k.ID+", "+statesPhrase(k.Size)+": "+k.Name, coalitionColor(k.ID)))
	}
	return items
}

// keyLines breaks a coalition's name into lines no wider than width,
// breaking between its parts ("like-minded + EU + IND-BRA") before
// breaking within one, the first line led by the coalition's identity.
func keyLines(k CoalitionKey, sty keyStyle, width vg.Length) []string {
	parts := strings.Split(k.Name, " + ")
	for i := 1; i < len(parts); i++ {
		parts[i] = "+ " + parts[i]
	}
	parts[0] = k.ID + " " + parts[0]
	var lines []string
	for _, part := range parts {
		if n := len(lines); n > 0 && sty.text.Width(lines[n-1]+" "+part) <= width {
			lines[n-1] += " " + part
			continue
		}
		lines = append(lines, wrapText(sty.text, part, width)...)
	}
	return lines
}

// flowsFigure: the alluvial diagram of states moving between coalitions,
// with under each session the coalitions found there, named as they were
// in that session.
func flowsFigure(d *results.RunData, flows []Flow) figure {
	data := SizesData(d)
	p := newPlot("Coalitions: who moved where, session to session", "", "")
	a := &Alluvial{Stages: data.Sessions, Flows: flows, BlockWidth: 0.34, BandAlpha: 0.45, Label: textStyle(noteSize)}
	total := 0
	for k := range data.Sessions {
		var blocks []AlluvialBlock
		sum := 0
		for _, s := range data.Coalitions {
			if s.Sizes[k] > 0 {
				blocks = append(blocks, AlluvialBlock{ID: s.ID, Size: s.Sizes[k], Color: coalitionColor(s.ID)})
				sum += s.Sizes[k]
			}
		}
		total = max(total, sum)
		a.Blocks = append(a.Blocks, blocks)
	}
	a.Gap = math.Max(0.5, 0.04*float64(total))
	p.Add(a)
	p.NominalX(data.Sessions...)
	p.HideY()
	p.X.LineStyle.Width = 0
	p.X.Tick.LineStyle.Width = 0
	p.X.Label.Text = "band width: number of states; numbers: coalition sizes"
	keys := CoalitionKeys(d)
	note := absentNote(d)
	return figure{name: PlotFlows, w: figureWidth, h: figureHeight, draw: func(c draw.Canvas) error {
		c = drawNote(c, note)
		cols := newSessionKeys(data.Sessions, a.Blocks, keys)
		// A column as wide as a session's share of the page, but no wider
		// than a name needs: with few sessions, keys stay under their blocks.
		width := min((c.Max.X-c.Min.X-16)/vg.Length(max(1, len(data.Sessions))), 230)
		h := cols.height(width - 8)
		area := c
		area.Min.Y += h + 6
		area = draw.Crop(area, 4, -4, 0, -4)
		p.Draw(area)
		dc := p.DataCanvas(area)
		trX, _ := p.Transforms(&dc)
		cols.draw(c, h, width-8, func(k int) vg.Length { return trX(float64(k)) })
		return nil
	}}
}

// sessionKeys is a key per session column: the coalitions of the session,
// top to bottom as their blocks are stacked, each a colour swatch and its
// name in that session.
type sessionKeys struct {
	sessions []string
	keys     [][]CoalitionKey // per session, in block order
	sty      keyStyle
}

// keyStyle is the text of the session keys: smaller than a legend, as nine
// columns share the width.
type keyStyle struct {
	text   text.Style
	swatch vg.Length
}

// newSessionKeys makes the keys of the columns; a coalition named as it
// was in the column before reads "as before", so that the names that
// change stand out and the columns stay short.
func newSessionKeys(sessions []string, blocks [][]AlluvialBlock, keys []CoalitionKey) sessionKeys {
	out := sessionKeys{sessions: sessions, sty: keyStyle{text: textStyle(keySize), swatch: 9}}
	before := map[string]string{}
	for k, s := range sessions {
		of := sessionKeysOf(keys, s)
		var col []CoalitionKey
		if k < len(blocks) {
			for _, b := range blocks[k] {
				if i := slices.IndexFunc(of, func(c CoalitionKey) bool { return c.ID == b.ID }); i >= 0 {
					key := of[i]
					if before[key.ID] == key.Name {
						key.Name = asBefore
					}
					col = append(col, key)
				}
			}
		}
		before = map[string]string{}
		for _, key := range of {
			before[key.ID] = key.Name
		}
		out.keys = append(out.keys, col)
	}
	return out
}

// asBefore stands for a coalition's name when it is the one it had in the
// session before.
const asBefore = "as before"

// keySize is the font size of the session keys.
const keySize = 12

func (s sessionKeys) lineHeight() vg.Length { return s.sty.text.Height("Xg") * 1.15 }

// height is the height of the tallest column in columns of the given
// width.
func (s sessionKeys) height(width vg.Length) vg.Length {
	h := vg.Length(0)
	for _, col := range s.keys {
		lines := 0
		for _, k := range col {
			lines += len(keyLines(k, s.sty, width-s.sty.swatch-4))
		}
		gaps := vg.Length(max(0, len(col)-1)) * 5
		h = max(h, vg.Length(lines)*s.lineHeight()+gaps)
	}
	return h
}

// draw writes the columns in the band of height h at the bottom of c,
// column k centred on x(k).
func (s sessionKeys) draw(c draw.Canvas, h, width vg.Length, x func(int) vg.Length) {
	sty := s.sty.text
	sty.YAlign = draw.YTop
	lh := s.lineHeight()
	for k, col := range s.keys {
		left := x(k) - width/2
		y := c.Min.Y + h
		for _, key := range col {
			sw := vg.Rectangle{Min: vg.Point{X: left, Y: y - s.sty.swatch - 2}, Max: vg.Point{X: left + s.sty.swatch, Y: y - 2}}
			c.SetColor(coalitionColor(key.ID))
			c.Fill(sw.Path())
			for _, line := range keyLines(key, s.sty, width-s.sty.swatch-4) {
				c.FillText(sty, vg.Point{X: left + s.sty.swatch + 4, Y: y}, line)
				y -= lh
			}
			y -= 5
		}
	}
}

// statesPhrase is "1 state" or "n states".
func statesPhrase(n int) string {
	if n == 1 {
		return "1 state"
	}
	return strconv.Itoa(n) + " states"
}
