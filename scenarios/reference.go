package scenarios

import (
	"fmt"
	"reflect"
	"strings"
)

// Reference renders the key reference of the scenario format as Markdown,
// from the same struct tags the decoder enforces. docs/scenario-format.md
// embeds it between markers, and a test keeps the two equal.
func Reference() string {
	var b strings.Builder
	sections := []struct {
		title, prefix string
		t             reflect.Type
	}{
		{"Top level", "", reflect.TypeOf(File{})},
		{"[scenario]", "scenario.", reflect.TypeOf(Meta{})},
		{"[rules]", "rules.", reflect.TypeOf(Rules{})},
		{"[model]", "model.", reflect.TypeOf(Model{})},
		{"[model.dispositions.NAME]", "model.dispositions.NAME.", reflect.TypeOf(DispositionSpec{})},
		{"[clusters.ID]", "clusters.ID.", reflect.TypeOf(Cluster{})},
		{"[clauses.ID]", "clauses.ID.", reflect.TypeOf(Clause{})},
		{"[[clauses.ID.options]]", "options[].", reflect.TypeOf(Option{})},
		{"[groups.ID]", "groups.ID.", reflect.TypeOf(Group{})},
		{"[states.ID]", "states.ID.", reflect.TypeOf(StateDef{})},
		{"positions.CLAUSE (in a state, a group or an attitude event)", "positions.CLAUSE.", reflect.TypeOf(Position{})},
		{"[[sessions]]", "sessions[].", reflect.TypeOf(Session{})},
		{"[[sessions.events]]", "events[].", reflect.TypeOf(Event{})},
		{"[record]", "record.", reflect.TypeOf(Record{})},
		{"record.states.ID (one inline table per state)", "record.states.ID.", reflect.TypeOf(RecordEntry{})},
		{"Sweep files (treatysim sweep): top level", "", reflect.TypeOf(SweepFile{})},
		{"Sweep files: [[axes]]", "axes[].", reflect.TypeOf(SweepAxis{})},
	}
	for _, s := range sections {
		fmt.Fprintf(&b, "### %s\n\n| key | type | allowed | default | meaning |\n|---|---|---|---|---|\n", s.title)
		for i, tg := range fieldTags(s.t) {
			f := s.t.Field(i)
			allowed := ""
			switch {
			case tg.rng != nil:
				allowed = tg.rng.text
			case len(tg.enum) > 0:
				allowed = strings.Join(tg.enum, ", ")
			case tg.ref != "":
				allowed = "an id in " + tg.ref
			case tg.pattern == "id":
				allowed = "[a-z0-9_-]"
			case tg.pattern == "date":
				allowed = "YYYY-MM-DD"
			}
			def := ""
			switch {
			case tg.required:
				def = "required"
			case tg.hasDef:
				def = "`" + tg.def + "`"
			}
			fmt.Fprintf(&b, "| `%s%s` | %s | %s | %s | %s |\n", s.prefix, tg.key, typeWord(f.Type), allowed, def,
				strings.ReplaceAll(tg.doc, "|", "\\|"))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func typeWord(t reflect.Type) string {
	if t == paramType {
		return "number or distribution"
	}
	if t.Kind() == reflect.Interface {
		return "value"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int64:
		return "integer"
	case reflect.Float64:
		return "number"
	case reflect.Struct:
		return "table"
	case reflect.Map:
		if t.Elem().Kind() == reflect.String {
			return "table of strings"
		}
		return "table of tables"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return "array of tables"
		}
		return "array of " + typeWord(t.Elem()) + "s"
	}
	return t.String()
}
