package worldmap

import (
	"bytes"
	"flag"
	"math"
	"os"
	"slices"
	"testing"
)

// topoJSON is the source of the embedded map. To regenerate it:
//
//	cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
//	go test ./results/internal/worldmap -run TestGenerate -topojson /tmp/package/countries-110m.json
var topoJSON = flag.String("topojson", "", "regenerate countries.bin.gz from this countries-110m.json of world-atlas")

// simplifyTolerance is in degrees: a pixel of a 1280-pixel-wide world map
// is about a quarter of a degree, so this loses nothing visible.
const simplifyTolerance = 0.05

// TestGenerate writes countries.bin.gz from world-atlas's TopoJSON; it is
// skipped unless -topojson names the file. Antarctica is left out: no
// delegation sits there, and it would take a fifth of the map's height.
func TestGenerate(t *testing.T) {
	if *topoJSON == "" {
		t.Skip("no -topojson: nothing to regenerate")
	}
	b, err := os.ReadFile(*topoJSON)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := DecodeTopoJSON(b, "countries", simplifyTolerance)
	if err != nil {
		t.Fatal(err)
	}
	cs = slices.DeleteFunc(cs, func(c Country) bool { return c.ID == "010" })
	out, err := Encode(cs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("countries.bin.gz", out, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d countries, %d bytes", len(cs), len(out))
}

// A tiny topology: two unit squares side by side sharing their middle
// edge (arc 0, walked backwards by the second), quantized with a
// transform and delta-encoded as world-atlas writes them.
const tinyTopology = `{"type":"Topology",
 "transform":{"scale":[0.5,0.25],"translate":[10,20]},
 "arcs":[[[2,0],[0,4]], [[2,4],[-2,0],[0,-4],[2,0]], [[2,0],[2,0],[0,4],[-2,0]]],
 "objects":{"countries":{"type":"GeometryCollection","geometries":[
  {"type":"Polygon","arcs":[[0,1]],"id":"001","properties":{"name":"West"}},
  {"type":"MultiPolygon","arcs":[[[2,-1]]],"id":2,"properties":{"name":"East"}},
  {"type":null,"properties":{"name":"Nowhere"}}]}}}`

func TestDecodeTopoJSON(t *testing.T) {
	cs, err := DecodeTopoJSON([]byte(tinyTopology), "countries", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Country{
		{ID: "001", Name: "West", Polygons: []Polygon{{{{11, 20}, {11, 21}, {10, 21}, {10, 20}, {11, 20}}}}},
		{ID: "2", Name: "East", Polygons: []Polygon{{{{11, 20}, {12, 20}, {12, 21}, {11, 21}, {11, 20}}}}},
	}
	if len(cs) != len(want) {
		t.Fatalf("%d countries, want %d: %+v", len(cs), len(want), cs)
	}
	for k := range want {
		if cs[k].ID != want[k].ID || cs[k].Name != want[k].Name || !slices.Equal(cs[k].Polygons[0][0], want[k].Polygons[0][0]) {
			t.Errorf("country %d = %+v, want %+v", k, cs[k], want[k])
		}
	}
	if _, err := DecodeTopoJSON([]byte(tinyTopology), "land", 0); err == nil {
		t.Error("no error for a missing object")
	}
}

// TestSplitAntimeridian: a ring drawn as world-atlas draws Chukotka, with
// -180 for +180, comes out as two rings, one on each side, and no edge
// across the map.
func TestSplitAntimeridian(t *testing.T) {
	ring := Ring{{170, 60}, {-180, 60}, {-170, 62}, {-180, 65}, {170, 65}}
	parts := splitAntimeridian(Polygon{ring})
	if len(parts) != 2 {
		t.Fatalf("%d parts, want 2: %v", len(parts), parts)
	}
	for _, p := range parts {
		checkNoJump(t, "part", p[0])
	}
	for k, side := range [][2]float64{{170, 180}, {-180, -170}} {
		if slices.ContainsFunc(parts[k][0], func(p Point) bool { return p.Lon < side[0] || p.Lon > side[1] }) {
			t.Errorf("part %d = %v, want it within longitudes %v", k, parts[k][0], side)
		}
	}
}

func checkNoJump(t *testing.T, name string, r Ring) {
	t.Helper()
	for k, p := range r {
		q := r[(k+1)%len(r)]
		if math.Abs(q.Lon-p.Lon) > 180 || p.Lon < -180 || p.Lon > 180 || math.Abs(p.Lat) > 90 {
			t.Errorf("%s: edge %v -> %v crosses the map", name, p, q)
			return
		}
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	cs := []Country{{ID: "001", Name: "West", Polygons: []Polygon{{{{11, 20}, {11, 21.004}, {10, 21}, {10, 20}, {11, 20}}, {{1, 1}, {1, 1}}}}}}
	b, err := Encode(cs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	want := Ring{{11, 20}, {11, 21}, {10, 21}, {10, 20}}
	if len(got) != 1 || len(got[0].Polygons) != 1 || len(got[0].Polygons[0]) != 1 || !slices.Equal(got[0].Polygons[0][0], want) {
		t.Errorf("round trip gave %+v, want the ring %v alone (rounded, unclosed, the degenerate hole dropped)", got, want)
	}
	if again, _ := Encode(cs); !bytes.Equal(again, b) {
		t.Error("two encodings differ")
	}
	if _, err := Decode(b[:len(b)/2]); err == nil {
		t.Error("no error for a truncated file")
	}
}

// TestEmbedded checks the embedded map: the shapes of the world, no edge
// across the map, and every UN member on it, as a shape or as a dot at
// its capital (not both).
func TestEmbedded(t *testing.T) {
	cs, err := Countries()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) < 170 {
		t.Fatalf("%d countries", len(cs))
	}
	shaped := map[string]bool{}
	for _, c := range cs {
		if c.ID == "010" {
			t.Error("Antarctica is on the map")
		}
		if len(c.Polygons) == 0 {
			t.Errorf("%s %s has no polygon", c.ID, c.Name)
		}
		for _, p := range c.Polygons {
			for _, r := range p {
				checkNoJump(t, c.Name, r)
			}
		}
		if s := c.State(); s != "" && c.ID != "" && territories[c.ID] == "" {
			shaped[s] = true
		}
	}
	if len(numericCodes) != 193 {
		t.Errorf("%d member states in the table, want 193", len(numericCodes))
	}
	var codes []string
	for a3 := range numericCodes {
		codes = append(codes, a3)
	}
	slices.Sort(codes)
	for _, a3 := range codes {
		_, _, dot := Capital(a3)
		if shaped[a3] == dot {
			t.Errorf("%s: shape %v, capital %v: want exactly one", a3, shaped[a3], dot)
		}
	}
	for _, want := range []struct{ name, state string }{{"Russia", "RUS"}, {"Greenland", "DNK"}, {"Somaliland", "SOM"},
		{"Taiwan", ""}, {"Kosovo", ""}, {"United States of America", "USA"}, {"Fiji", "FJI"}} {
		i := slices.IndexFunc(cs, func(c Country) bool { return c.Name == want.name })
		if i < 0 {
			t.Errorf("no %s", want.name)
		} else if got := cs[i].State(); got != want.state {
			t.Errorf("%s counts as %q, want %q", want.name, got, want.state)
		}
	}
}

// TestEqualEarth checks the projection against its extremes and checks
// that it is equal-area: cells of one degree of longitude by one of
// latitude keep their areas on the sphere in proportion.
func TestEqualEarth(t *testing.T) {
	for _, tc := range []struct {
		p    Point
		x, y float64
	}{{Point{0, 0}, 0, 0}, {Point{180, 0}, 2.706629, 0}, {Point{-180, 0}, -2.706629, 0}, {Point{0, 90}, 0, 1.317362}} {
		x, y := EqualEarth(tc.p)
		if math.Abs(x-tc.x) > 1e-5 || math.Abs(y-tc.y) > 1e-5 {
			t.Errorf("EqualEarth(%v) = %.6f, %.6f, want %.6f, %.6f", tc.p, x, y, tc.x, tc.y)
		}
	}
	ratio := func(lat float64) float64 {
		// Parallels are straight and meridians nearly so over a hundredth
		// of a degree: the cell is a trapezium.
		xa, y0 := EqualEarth(Point{10, lat})
		xb, _ := EqualEarth(Point{10.01, lat})
		xc, y1 := EqualEarth(Point{10, lat + 0.01})
		xd, _ := EqualEarth(Point{10.01, lat + 0.01})
		plane := ((xb - xa) + (xd - xc)) / 2 * (y1 - y0)
		sphere := 0.01 * math.Pi / 180 * (math.Sin((lat+0.01)*math.Pi/180) - math.Sin(lat*math.Pi/180))
		return plane / sphere
	}
	base := ratio(0)
	for _, lat := range []float64{-60, -30, 15, 45, 75} {
		if r := ratio(lat); math.Abs(r/base-1) > 2e-3 {
			t.Errorf("area ratio at %v° = %.5f of the equator's", lat, r/base)
		}
	}
}
