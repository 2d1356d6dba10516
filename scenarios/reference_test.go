package scenarios

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var updateDocs = flag.Bool("update", false, "rewrite generated files (docs/scenario-format.md reference)")

const (
	refBegin = "<!-- BEGIN GENERATED REFERENCE: go test ./scenarios -run TestReferenceDoc -update -->\n"
	refEnd   = "<!-- END GENERATED REFERENCE -->\n"
)

// TestReferenceDoc keeps the key reference in docs/scenario-format.md equal
// to what the validator enforces (both come from the struct tags).
func TestReferenceDoc(t *testing.T) {
	path := "../docs/scenario-format.md"
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i, j := strings.Index(s, refBegin), strings.Index(s, refEnd)
	if i < 0 || j < i {
		t.Fatalf("%s: generated reference markers not found", path)
	}
	want := s[:i+len(refBegin)] + Reference() + s[j:]
	if want == s {
		return
	}
	if *updateDocs {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is out of date with the schema; run go test ./scenarios -run TestReferenceDoc -update", path)
}
