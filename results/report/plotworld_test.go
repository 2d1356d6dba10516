package report

import (
	"image/color"
	"path/filepath"
	"slices"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/internal/worldmap"
	"github.com/treatysim/treatysim/scenarios"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// worldFixture is a small results folder with real countries: two
// coalitions, a state that takes no part (UKR), one too small for the
// map (MLT), one the map does not know (ZZZ) and one that leaves in the
// second session (GBR); and a vote in the second.
func worldFixture() *results.RunData {
	sc := &scenarios.Scenario{ID: "fixture", States: []scenarios.State{
		{ID: "USA", Name: "United States of America"}, {ID: "RUS", Name: "Russian Federation"}, {ID: "CHN", Name: "China"},
		{ID: "UKR", Name: "Ukraine", Disposition: scenarios.Absent}, {ID: "MLT", Name: "Malta"},
		{ID: "GBR", Name: "United Kingdom"}, {ID: "ZZZ", Name: "Zedland"}},
		Sessions: []scenarios.SessionInfo{{ID: "first", Name: "First session"}, {ID: "second", Name: "Second session",
			Events: []scenarios.EventInfo{{Kind: scenarios.Leave, By: []int{5}}}}},
	}
	d := &results.RunData{Scenario: sc, Summary: &results.Summary{Runs: 1, SessionsHeld: []string{"first", "second"}}}
	for _, m := range []struct{ session, members string }{
		{"first", "USA:C1 GBR:C1 MLT:C1 RUS:C2 CHN:C2 ZZZ:C2"}, {"second", "USA:C1 MLT:C1 RUS:C2 CHN:C2"}} {
		for _, f := range splitFields(m.members) {
			d.Memberships = append(d.Memberships, results.MembershipRow{Session: m.session, State: f[0], Coalition: f[1]})
		}
	}
	d.Coalitions = []results.CoalitionRow{{Session: "first", Coalition: "C1", Name: "USA-GBR", Size: 3},
		{Session: "first", Coalition: "C2", Name: "RUS-CHN", Size: 3}, {Session: "second", Coalition: "C1", Name: "USA-MLT", Size: 2},
		{Session: "second", Coalition: "C2", Name: "RUS-CHN", Size: 2}}
	for _, f := range splitFields("USA:no MLT:no RUS:yes CHN:abstain ZZZ:not_voting") {
		d.Votes = append(d.Votes, results.VoteRow{Session: "second", Motion: "m1", State: f[0], Vote: f[1]})
	}
	return d
}

// splitFields splits "A:x B:y" into pairs.
func splitFields(s string) [][2]string {
	var out [][2]string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			i := slices.Index(cur, ':')
			out = append(out, [2]string{string(cur[:i]), string(cur[i+1:])})
			cur = nil
		}
	}
	for _, r := range s {
		if r == ' ' {
			flush()
		} else {
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// TestWorldGolden compares the data of the fixture's maps with
// testdata/golden/world. Regenerate with
//
//	go test ./results/report -run TestWorldGolden -update
func TestWorldGolden(t *testing.T) {
	d := worldFixture()
	data := map[string]any{}
	for _, s := range []string{"first", "second"} {
		wm, err := WorldData(d, s)
		if err != nil {
			t.Fatal(err)
		}
		data[PlotWorld+"-"+s+".json"] = wm
	}
	vm, err := VoteMapData(d, "m1")
	if err != nil {
		t.Fatal(err)
	}
	data[PlotVoteMap+"-m1.json"] = vm
	checkGoldenJSON(t, filepath.Join("testdata", "golden", "world"), data)
	if _, err := WorldData(d, "third"); err == nil {
		t.Error("no error for a session without coalitions")
	}
	if _, err := VoteMapData(d, "m2"); err == nil {
		t.Error("no error for a motion without votes")
	}
	if figs := worldFigures(d); len(figs) != 2 {
		t.Errorf("%d maps of the fixture, want 2", len(figs))
	}
	if figs := worldFigures(toyRunData(t)); len(figs) != 0 {
		t.Errorf("%d maps of the toy, whose states are on no map", len(figs))
	}
}

// TestWorldFlagship: on every map of the flagship, every delegation is
// once in one group, on the map as a shape or a dot, and Ukraine, which
// took no part, is said to be absent.
func TestWorldFlagship(t *testing.T) {
	d := sharedFlagship(t)
	sessions := worldSessions(d)
	held := heldSessions(d)
	if len(sessions) != worldMapCount || sessions[0] != held[0] || sessions[len(sessions)-1] != held[len(held)-1] {
		t.Errorf("maps of %v, want the first, a middle and the last of %v", sessions, held)
	}
	for _, s := range sessions {
		wm, err := WorldData(d, s)
		if err != nil {
			t.Fatal(err)
		}
		if len(wm.States) != len(d.Scenario.States) {
			t.Errorf("%s: %d states, want %d", s, len(wm.States), len(d.Scenario.States))
		}
		inGroups, dots := 0, 0
		for _, g := range wm.Groups {
			inGroups += len(g.States)
		}
		for _, st := range wm.States {
			switch st.Place {
			case PlaceCapital:
				dots++
			case "":
				t.Errorf("%s is not on the map", st.State)
			}
			if st.State == "UKR" && st.Group != GroupAbsent {
				t.Errorf("%s: Ukraine in group %s, want %s", s, st.Group, GroupAbsent)
			}
		}
		if inGroups != len(wm.States) || dots != 28 {
			t.Errorf("%s: %d states in the groups, %d dots; want %d and 28", s, inGroups, dots, len(wm.States))
		}
	}
	// The large maps, then every session held with coalitions, small.
	figs := worldFigures(d)
	if len(figs) != len(sessions)+1 || figs[len(figs)-1].name != PlotWorldSessions {
		t.Fatalf("%d figures, want %d maps and the small ones of every session", len(figs), len(sessions))
	}
	renderWide(t, figs[len(figs)-2])
	renderWide(t, figs[len(figs)-1])
}

// TestWorldLooksLikeTheWorld draws the map with Russia in one coalition
// and checks pixels: Moscow and Chukotka (east of the 180th meridian) in
// Russia's colour, the middle of the Pacific and of the South Atlantic
// white (a ring joined across the map would fill them), Brasilia in
// Brazil's.
func TestWorldLooksLikeTheWorld(t *testing.T) {
	shapes, err := worldShapes()
	if err != nil {
		t.Fatal(err)
	}
	const w, h = 1280, 560
	img := vgimg.NewWith(vgimg.UseWH(w*vg.Inch/figureDPI, h*vg.Inch/figureDPI), vgimg.UseDPI(figureDPI),
		vgimg.UseBackgroundColor(color.White))
	c := draw.New(img)
	groups := map[string]string{"RUS": "C1", "BRA": "C2"}
	at := worldFrame(c, shapes)
	drawShapes(c, at, shapes, groups, nil)
	pixel := func(lon, lat float64) color.NRGBA {
		x, y := worldmap.EqualEarth(worldmap.Point{Lon: lon, Lat: lat})
		p := at(x, y)
		px, py := int(p.X*figureDPI/vg.Inch), h-int(p.Y*figureDPI/vg.Inch)
		return color.NRGBAModel.Convert(img.Image().At(px, py)).(color.NRGBA)
	}
	white := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	for _, tc := range []struct {
		name     string
		lon, lat float64
		want     color.NRGBA
	}{{"Moscow", 37.6, 55.75, coalitionColor("C1")}, {"Chukotka", -174, 66.5, coalitionColor("C1")},
		{"Yakutsk", 129.7, 62, coalitionColor("C1")}, {"Brasilia", -47.9, -15.8, coalitionColor("C2")},
		{"the Pacific", -150, 0, white}, {"the South Atlantic", -20, -35, white}, {"Paris", 2.35, 48.85, noStateGrey}} {
		if got := pixel(tc.lon, tc.lat); got != tc.want {
			t.Errorf("%s: pixel %v, want %v", tc.name, got, tc.want)
		}
	}
}
