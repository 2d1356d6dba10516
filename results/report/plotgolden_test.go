package report

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/treatysim/treatysim/results"
	"github.com/treatysim/treatysim/results/internal/golden"
)

// checkGoldenJSON compares the JSON of each value with the file of its
// name in dir, which must hold these files and no others. After an
// intended change, regenerate with -update and review the diff: these
// files are what the plots show.
func checkGoldenJSON(t *testing.T, dir string, data map[string]any) {
	t.Helper()
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	names := make([]string, 0, len(data))
	for name := range data {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		got, err := json.MarshalIndent(data[name], "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		path := filepath.Join(dir, name)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the golden file (run with -update if the change is intended)\n%s",
				path, golden.FirstDiff(got, want))
		}
	}
	if got := golden.ListDir(t, dir); !slices.Equal(got, names) {
		t.Errorf("golden files in %s = %v, want %v", dir, got, names)
	}
}

// renderWide renders a figure and checks its files: a PNG of 1280x720
// pixels (16:9) and an SVG document, under plots/.
func renderWide(t *testing.T, f figure) results.Files {
	t.Helper()
	files, err := f.render()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"plots/" + f.name + ".png", "plots/" + f.name + ".svg"}
	if got := golden.SortedNames(files); !slices.Equal(got, want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	img, err := png.Decode(bytes.NewReader(files[want[0]]))
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != 1280 || r.Dy() != 720 {
		t.Errorf("%s is %dx%d px, want 1280x720", want[0], r.Dx(), r.Dy())
	}
	if svg := files[want[1]]; !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("</svg>")) {
		t.Errorf("%s is not an SVG document", want[1])
	}
	return files
}

// flagshipShared is one run of the flagship, played once for all the
// tests of the new plots that need it (a run takes seconds).
var flagshipShared struct {
	once sync.Once
	d    *results.RunData
}

func sharedFlagship(t *testing.T) *results.RunData {
	t.Helper()
	flagshipShared.once.Do(func() { flagshipShared.d = flagshipRunData(t) })
	if flagshipShared.d == nil {
		t.Fatal("the flagship run failed in an earlier test")
	}
	return flagshipShared.d
}
