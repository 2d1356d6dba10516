package importers

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// checkAccepted checks what a parser returned: an error that wraps
// scenarios.ErrInvalid and says where, or a dataset whose every issue
// renders, alone and all together, to a scenario that loads.
func checkAccepted(t *testing.T, ds *Dataset, err error) {
	t.Helper()
	if err != nil {
		if !errors.Is(err, scenarios.ErrInvalid) {
			t.Fatalf("error does not wrap scenarios.ErrInvalid: %v", err)
		}
		if !strings.HasPrefix(err.Error(), "fuzz") {
			t.Fatalf("error does not name the file: %v", err)
		}
		return
	}
	text, err := Render(ds, Options{})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if _, err := scenarios.Parse("fuzz", text); err != nil {
		t.Fatalf("the rendered scenario does not load: %v\n%s", err, text)
	}
	for k := range ds.Issues {
		text, err := Render(ds, Options{Issues: []int{k}})
		if err != nil {
			t.Fatalf("Render issue %d: %v", k, err)
		}
		if _, err := scenarios.Parse("fuzz", text); err != nil {
			t.Fatalf("the rendered scenario of issue %d does not load: %v\n%s", k, err, text)
		}
	}
}

// FuzzParseDEU checks that no input makes ParseDEU panic, that its errors
// wrap scenarios.ErrInvalid, and that what it accepts renders to a
// scenario that loads.
//
//	go test ./scenarios/importers -run XXX -fuzz FuzzParseDEU -fuzztime 60s
func FuzzParseDEU(f *testing.F) {
	for _, file := range []string{"testdata/deu_small.tsv", "testdata/deu_bad.tsv"} {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte("prnrnmc\tprnr\tprname\tisnr\tcounvte\trp\tout\tpde\tsde\n1\t\"a\"\t\"n\\\"x\"\t\"i\"\tUnan\t\t\t0\t\n"))
	f.Add([]byte("\"prnrnmc\t\"prnr\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := ParseDEU("fuzz.tsv", bytes.NewReader(data))
		checkAccepted(t, ds, err)
	})
}

// FuzzParseDecide is FuzzParseDEU for decide files.
//
//	go test ./scenarios/importers -run XXX -fuzz FuzzParseDecide -fuzztime 60s
func FuzzParseDecide(f *testing.F) {
	for _, file := range []string{"testdata/decide_small.csv", "testdata/decide_bad.csv"} {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte("#A;x\n#P;p\n#M;p;-1e308\n#M;p;1e308\n#D;x;p;0;0.5;0\n"))
	f.Add([]byte("#A\t\"a\\\"b\"\n#P\t\"é p\"\n#D\t\"a\\\"b\"\t\"é p\"\t3\t1\t0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := ParseDecide("fuzz.csv", bytes.NewReader(data))
		checkAccepted(t, ds, err)
	})
}
