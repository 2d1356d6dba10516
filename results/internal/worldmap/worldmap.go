// Package worldmap holds the outlines of the world's countries, embedded
// so that the program draws maps without the network: Natural Earth's
// Admin 0 countries at 1:110m, from the world-atlas package (see NOTICE),
// simplified and stored compactly. It maps the scenarios' state ids (ISO
// 3166-1 alpha-3) to the outlines (ISO 3166-1 numeric), places the states
// too small for that scale at their capitals, and projects longitude and
// latitude with Equal Earth, an equal-area projection, so that no
// delegation looks larger than it is.
package worldmap

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"sync"
)

// Point is a position in degrees.
type Point struct{ Lon, Lat float64 }

// Ring is a closed outline; its last point joins its first.
type Ring []Point

// Polygon is an outer ring followed by its holes.
type Polygon []Ring

// Country is one shape of the map: its ISO 3166-1 numeric id as written
// in the source ("004"; empty for Kosovo, Northern Cyprus and
// Somaliland), its name there, and its polygons.
type Country struct {
	ID       string
	Name     string
	Polygons []Polygon
}

// countriesData is countries.bin.gz, written by TestGenerate.
//
//go:embed countries.bin.gz
var countriesData []byte

var (
	loadOnce sync.Once
	loaded   []Country
	loadErr  error
)

// Countries returns the embedded shapes, in the order of the source file.
// The slice is shared: do not modify it.
func Countries() ([]Country, error) {
	loadOnce.Do(func() { loaded, loadErr = Decode(countriesData) })
	return loaded, loadErr
}

// State returns the UN member state (alpha-3) whose colour a shape takes:
// its own, or for a territory the state that administers it (see
// territories); "" for a shape that belongs to no member.
func (c Country) State() string {
	if s, ok := territories[c.ID]; ok && c.ID != "" {
		return s
	}
	if s, ok := territories[c.Name]; ok && c.ID == "" {
		return s
	}
	n, err := strconv.Atoi(c.ID)
	if err != nil {
		return ""
	}
	return byNumeric()[n]
}

// Territory reports whether the shape is not a member state's own but
// takes a member's colour (see territories).
func (c Country) Territory() bool {
	if c.ID == "" {
		return territories[c.Name] != ""
	}
	return territories[c.ID] != ""
}

var byNumeric = sync.OnceValue(func() map[int]string {
	out := make(map[int]string, len(numericCodes))
	for a3, n := range numericCodes {
		out[n] = a3
	}
	return out
})

// The embedded format: a magic line, then every country as its id, name
// and polygons, each polygon as its rings, each ring as its points in
// hundredths of a degree, delta-encoded as signed varints (neighbouring
// points are close, so most deltas fit a byte); all gzipped.
const (
	magic   = "worldmap 1\n"
	quantum = 100 // units per degree
)

// Encode writes countries in the embedded format. Positions are rounded
// to the quantum; repeated points and rings with fewer than three points
// left are dropped.
func Encode(cs []Country) ([]byte, error) {
	var raw bytes.Buffer
	raw.WriteString(magic)
	uv := func(v int) { raw.Write(binary.AppendUvarint(nil, uint64(v))) }
	str := func(s string) { uv(len(s)); raw.WriteString(s) }
	uv(len(cs))
	for _, c := range cs {
		str(c.ID)
		str(c.Name)
		var polys [][][][2]int
		for _, p := range c.Polygons {
			if len(p) == 0 {
				continue
			}
			outer := quantize(p[0])
			if len(outer) < 3 {
				continue // an island smaller than the quantum, holes and all
			}
			rings := [][][2]int{outer}
			for _, r := range p[1:] {
				if q := quantize(r); len(q) >= 3 {
					rings = append(rings, q)
				}
			}
			polys = append(polys, rings)
		}
		uv(len(polys))
		for _, p := range polys {
			uv(len(p))
			for _, r := range p {
				uv(len(r))
				var x, y int
				for _, q := range r {
					raw.Write(binary.AppendVarint(nil, int64(q[0]-x)))
					raw.Write(binary.AppendVarint(nil, int64(q[1]-y)))
					x, y = q[0], q[1]
				}
			}
		}
	}
	var out bytes.Buffer
	zw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// quantize rounds a ring to the quantum, dropping repeated points and the
// closing point (rings are closed implicitly).
func quantize(r Ring) [][2]int {
	var out [][2]int
	for _, p := range r {
		q := [2]int{int(math.Round(p.Lon * quantum)), int(math.Round(p.Lat * quantum))}
		if len(out) > 0 && out[len(out)-1] == q {
			continue
		}
		out = append(out, q)
	}
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	return out
}

// Decode reads countries in the embedded format.
func Decode(b []byte) ([]Country, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("worldmap: %w", err)
	}
	r := bufio.NewReader(zr)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(r, head); err != nil || string(head) != magic {
		return nil, errors.New("worldmap: not a map file")
	}
	var rerr error
	uv := func() int {
		v, err := binary.ReadUvarint(r)
		if err != nil && rerr == nil {
			rerr = err
		}
		if v > 1<<24 { // no count in a world map comes near
			rerr = errors.New("count out of range")
			return 0
		}
		return int(v)
	}
	str := func() string {
		b := make([]byte, uv())
		if _, err := io.ReadFull(r, b); err != nil && rerr == nil {
			rerr = err
		}
		return string(b)
	}
	sv := func() int {
		v, err := binary.ReadVarint(r)
		if err != nil && rerr == nil {
			rerr = err
		}
		return int(v)
	}
	cs := make([]Country, uv())
	for k := range cs {
		if rerr != nil {
			break
		}
		c := Country{ID: str(), Name: str()}
		c.Polygons = make([]Polygon, uv())
		for p := range c.Polygons {
			c.Polygons[p] = make(Polygon, uv())
			for q := range c.Polygons[p] {
				ring := make(Ring, uv())
				var x, y int
				for i := range ring {
					x, y = x+sv(), y+sv()
					ring[i] = Point{Lon: float64(x) / quantum, Lat: float64(y) / quantum}
				}
				c.Polygons[p][q] = ring
			}
		}
		cs[k] = c
	}
	if rerr != nil {
		return nil, fmt.Errorf("worldmap: %w", rerr)
	}
	return cs, nil
}

// Equal Earth (Šavrič, Patterson and Jenny 2018): equal-area, with
// straight parallels, and closed-form one way.
const (
	eeA1 = 1.340264
	eeA2 = -0.081106
	eeA3 = 0.000893
	eeA4 = 0.003796
)

var eeM = math.Sqrt(3) / 2

// EqualEarth projects a position in degrees onto the plane: x in
// [-2.7066, 2.7066] from west to east, y in [-1.3173, 1.3173] from south
// to north.
func EqualEarth(p Point) (x, y float64) {
	lambda, phi := p.Lon*math.Pi/180, p.Lat*math.Pi/180
	th := math.Asin(eeM * math.Sin(phi))
	t2 := th * th
	t6 := t2 * t2 * t2
	x = lambda * math.Cos(th) / (eeM * (eeA1 + 3*eeA2*t2 + t6*(7*eeA3+9*eeA4*t2)))
	y = th * (eeA1 + eeA2*t2 + t6*(eeA3+eeA4*t2))
	return x, y
}
