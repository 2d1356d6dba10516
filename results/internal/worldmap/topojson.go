package worldmap

import (
	"encoding/json"
	"fmt"
	"math"
)

// This file decodes TopoJSON (the format of the world-atlas package) into
// countries: the generator of the embedded map uses it, the program does
// not. Only what world-atlas uses is supported: a quantized topology
// (delta-encoded arcs and a transform) whose geometries are polygons and
// multipolygons.

type transform struct {
	Scale     [2]float64 `json:"scale"`
	Translate [2]float64 `json:"translate"`
}

type topology struct {
	Type      string         `json:"type"`
	Transform *transform     `json:"transform"`
	Arcs      [][][2]float64 `json:"arcs"`
	Objects   map[string]struct {
		Type       string `json:"type"`
		Geometries []struct {
			Type       string          `json:"type"`
			ID         json.RawMessage `json:"id"`
			Arcs       json.RawMessage `json:"arcs"`
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"geometries"`
	} `json:"objects"`
}

// DecodeTopoJSON decodes the geometry collection named object of a
// TopoJSON topology into countries, in the order of the file. Each arc is
// simplified (Douglas-Peucker, tolerance in degrees; 0 keeps every point)
// before the rings are assembled: arcs are the borders shared between
// neighbours, so simplifying them rather than rings leaves no gap or
// overlap between two countries.
func DecodeTopoJSON(b []byte, object string, tolerance float64) ([]Country, error) {
	var t topology
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("topojson: %w", err)
	}
	if t.Type != "Topology" {
		return nil, fmt.Errorf("topojson: type %q, want Topology", t.Type)
	}
	obj, ok := t.Objects[object]
	if !ok {
		return nil, fmt.Errorf("topojson: no object %q", object)
	}
	arcs := make([][]Point, len(t.Arcs))
	for k, arc := range t.Arcs {
		arcs[k] = absoluteArc(arc, t.Transform)
		if tolerance > 0 {
			arcs[k] = simplify(arcs[k], tolerance)
		}
	}
	var out []Country
	for _, g := range obj.Geometries {
		c := Country{Name: g.Properties.Name}
		if len(g.ID) > 0 && string(g.ID) != "null" {
			var id any
			if err := json.Unmarshal(g.ID, &id); err != nil {
				return nil, fmt.Errorf("topojson: id of %s: %w", c.Name, err)
			}
			c.ID = fmt.Sprint(id)
		}
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var rings [][]int
			if err := json.Unmarshal(g.Arcs, &rings); err != nil {
				return nil, fmt.Errorf("topojson: %s: %w", c.Name, err)
			}
			polys = [][][]int{rings}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, fmt.Errorf("topojson: %s: %w", c.Name, err)
			}
		case "", "null":
			continue // a feature without geometry
		default:
			return nil, fmt.Errorf("topojson: %s: geometry %s not supported", c.Name, g.Type)
		}
		for _, rings := range polys {
			var poly Polygon
			for _, ring := range rings {
				r, err := assembleRing(arcs, ring)
				if err != nil {
					return nil, fmt.Errorf("topojson: %s: %w", c.Name, err)
				}
				poly = append(poly, r)
			}
			c.Polygons = append(c.Polygons, splitAntimeridian(poly)...)
		}
		out = append(out, c)
	}
	return out, nil
}

// absoluteArc turns a quantized, delta-encoded arc into degrees: each
// position is the sum of the deltas so far, scaled and translated.
func absoluteArc(arc [][2]float64, tr *transform) []Point {
	out := make([]Point, len(arc))
	var x, y float64
	for k, p := range arc {
		if tr == nil { // not quantized: absolute positions
			out[k] = Point{Lon: p[0], Lat: p[1]}
			continue
		}
		x, y = x+p[0], y+p[1]
		out[k] = Point{Lon: x*tr.Scale[0] + tr.Translate[0], Lat: y*tr.Scale[1] + tr.Translate[1]}
	}
	return out
}

// assembleRing joins the arcs of a ring; a negative index ~i is arc i
// reversed. Each arc starts where the previous one ended, so that shared
// point is kept once.
func assembleRing(arcs [][]Point, idx []int) (Ring, error) {
	var ring Ring
	for _, i := range idx {
		rev := i < 0
		if rev {
			i = ^i
		}
		if i >= len(arcs) {
			return nil, fmt.Errorf("arc %d of %d", i, len(arcs))
		}
		a := arcs[i]
		for k := range a {
			p := a[k]
			if rev {
				p = a[len(a)-1-k]
			}
			if k == 0 && len(ring) > 0 {
				continue
			}
			ring = append(ring, p)
		}
	}
	return ring, nil
}

// simplify is Douglas-Peucker: it keeps the end points and, recursively,
// the point farthest from the chord when it is farther than tol.
func simplify(pts []Point, tol float64) []Point {
	if len(pts) < 3 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	var rec func(i, j int)
	rec = func(i, j int) {
		best, far := -1, tol
		for k := i + 1; k < j; k++ {
			if d := segmentDistance(pts[k], pts[i], pts[j]); d > far {
				best, far = k, d
			}
		}
		if best >= 0 {
			keep[best] = true
			rec(i, best)
			rec(best, j)
		}
	}
	rec(0, len(pts)-1)
	var out []Point
	for k, p := range pts {
		if keep[k] {
			out = append(out, p)
		}
	}
	return out
}

// segmentDistance is the distance from p to the segment ab, in degrees
// (planar: good enough to decide what a 1:110m outline can lose).
func segmentDistance(p, a, b Point) float64 {
	dx, dy := b.Lon-a.Lon, b.Lat-a.Lat
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = max(0, min(1, ((p.Lon-a.Lon)*dx+(p.Lat-a.Lat)*dy)/l2))
	}
	return math.Hypot(p.Lon-(a.Lon+t*dx), p.Lat-(a.Lat+t*dy))
}

// splitAntimeridian cuts a polygon that crosses the 180th meridian into
// its parts on either side. world-atlas draws such rings (Russia's
// Chukotka, Fiji) with points at -180 where they meet +180, which a flat
// projection would join by a line across the whole map. Each ring is
// first unwrapped (every step shorter than half a turn), then clipped to
// [-180, 180]; what lies beyond is clipped and shifted a turn back.
// Holes go with the part of their outer ring on the same side.
func splitAntimeridian(poly Polygon) []Polygon {
	if len(poly) == 0 {
		return nil
	}
	rings := make([]Ring, len(poly))
	crosses := false
	for k, r := range poly {
		rings[k] = unwrap(r)
		for _, p := range rings[k] {
			crosses = crosses || p.Lon < -180 || p.Lon > 180
		}
	}
	if !crosses {
		return []Polygon{poly}
	}
	var out []Polygon
	for _, side := range []struct{ lo, hi, shift float64 }{{-540, -180, 360}, {-180, 180, 0}, {180, 540, -360}} {
		var part Polygon
		for k, r := range rings {
			clipped := clipLon(clipLon(r, side.lo, false), side.hi, true)
			if len(clipped) < 3 {
				if k == 0 {
					break // nothing of the outer ring on this side
				}
				continue
			}
			for i := range clipped {
				clipped[i].Lon += side.shift
			}
			part = append(part, clipped)
		}
		if len(part) > 0 {
			out = append(out, part)
		}
	}
	return out
}

// unwrap shifts longitudes by whole turns so that each step of the ring is
// shorter than half a turn.
func unwrap(r Ring) Ring {
	out := make(Ring, len(r))
	for k, p := range r {
		if k > 0 {
			prev := out[k-1].Lon
			for p.Lon-prev > 180 {
				p.Lon -= 360
			}
			for prev-p.Lon > 180 {
				p.Lon += 360
			}
		}
		out[k] = p
	}
	return out
}

// clipLon clips a ring to the half-plane lon <= l (below) or lon >= l
// (Sutherland-Hodgman against one line, which keeps a concave ring whole,
// with edges along the line where it was cut).
func clipLon(r Ring, l float64, below bool) Ring {
	in := func(p Point) bool { return below && p.Lon <= l || !below && p.Lon >= l }
	var out Ring
	for k, p := range r {
		q := r[(k+1)%len(r)]
		if in(p) {
			out = append(out, p)
		}
		if in(p) != in(q) {
			t := (l - p.Lon) / (q.Lon - p.Lon)
			out = append(out, Point{Lon: l, Lat: p.Lat + t*(q.Lat-p.Lat)})
		}
	}
	return out
}
