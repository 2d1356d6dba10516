package classroom

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// The fuzz targets of the request decoders: whatever the body, a decoder
// does not panic; it returns an *InputError naming a field, or a value
// that passes its own check and reads back the same once encoded again.

func checkDecoded[T any](t *testing.T, body []byte, v T, err error, check func(T) error, decode func([]byte) (T, error)) {
	t.Helper()
	if err != nil {
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field == "" || ie.Msg == "" {
			t.Fatalf("%q: %v (%T), want an *InputError with a field and a message", body, err, err)
		}
		return
	}
	if err := check(v); err != nil {
		t.Fatalf("%q decodes to %+v, which its check refuses: %v", body, v, err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	again, err := decode(b)
	if err != nil || !reflect.DeepEqual(again, v) {
		t.Fatalf("%q decodes to %+v; encoded again, %s decodes to %+v, %v", body, v, b, again, err)
	}
}

func FuzzDecodeCreate(f *testing.F) {
	for _, s := range []string{
		`{"scenario": "toy", "seats": ["AAA", "EEE"]}`,
		`{"scenario": "ahc", "seed": 3, "seats": ["USA"]}`,
		`{"text": "format = 1\n[scenario]\nid = \"x\"\n", "seats": ["A"]}`,
		`{"scenario": "toy", "seats": [1]}`, `{"scenario": "toy", "seats": "AAA"}`, `{"seed": -1}`,
		`{"scenario": " toy ", "seats": [" AAA"]}`, `{"scenario": "t\u0000y", "seats": ["A"]}`,
		`null`, `[]`, `{"": []}`, `{"Scenario": "toy", "SEATS": ["A"]}`, `{"scenario": "toy", "seats": ["A"]} x`, `{"x": 1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := decodeCreate(body)
		checkDecoded(t, body, v, err, checkCreate, decodeCreate)
	})
}

func FuzzDecodeJoin(f *testing.F) {
	for _, s := range []string{
		`{"name": "Ada", "seat": "BRA"}`, `{"name": "  Ada   Lovelace ", "seat": "BRA"}`, `{"name": "", "seat": "BRA"}`,
		`{"name": "A\u0007", "seat": "B"}`, `{"name": "Zoë 李", "seat": "CHN"}`, `{"name": 1}`, `{"seat": ["x"]}`,
		`{"name": "Ada", "seat": "BRA", "team": 2}`, `{"name": "\ud800", "seat": "B"}`, `{"name": "a\u00a0b", "seat": "B"}`, `{"": ""}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := decodeJoin(body)
		checkDecoded(t, body, v, err, checkJoin, decodeJoin)
	})
}

func FuzzDecodeCommand(f *testing.F) {
	for _, s := range []string{
		`{"kind": "support", "clause": "wording", "option": "unlawful"}`,
		`{"kind": "propose", "seat": "AAA", "clause": "x_offence", "option": "deleted"}`,
		`{"kind": "offer", "partner": "EEE", "give": "wording", "get": "safeguards"}`,
		`{"kind": "accept", "offer": 1}`, `{"kind": "decline", "offer": -1}`, `{"kind": "accept", "offer": 1.5}`,
		`{"kind": "vote", "motion": "package", "vote": "yes"}`, `{"kind": "vote", "motion": "m", "vote": "YES"}`,
		`{"kind": "object", "object": true}`, `{"kind": "object", "object": "yes"}`,
		`{"kind": "start"}`, `{"kind": "step", "seat": "AAA"}`, `{"kind": "end_session"}`, `{"kind": "finish"}`,
		`{"kind": "fire", "event": "walkout"}`, `{"kind": "step", "clause": "x"}`, `{"kind": ""}`, `{}`,
		`{"kind": "support", "clause": " x"}`, `{"kind": "support", "clause": "a\nb"}`, `{"kind": "x"}`,
		`{"kind": "support"`, `{"kind": "support"}{}`, `"step"`, `42`, ``, ` `, `{"kind": "step", "Kind": "start"}`, `{"":""}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := decodeCommand(body)
		checkDecoded(t, body, v, err, checkCommand, decodeCommand)
	})
}

// TestDecodeMessages checks that the decoders' messages name the field
// and what it takes.
func TestDecodeMessages(t *testing.T) {
	tests := []struct {
		name, body, field string
		words             []string
		decode            func([]byte) error
	}{
		{"create: seats of numbers", `{"scenario": "toy", "seats": [1]}`, "seats", []string{"list of strings"}, create},
		{"create: seats a string", `{"scenario": "toy", "seats": "AAA"}`, "seats", []string{"list of strings"}, create},
		{"create: negative seed", `{"scenario": "toy", "seed": -1, "seats": ["A"]}`, "seed", []string{"0 or more"}, create},
		{"create: nothing", `{"seats": ["A"]}`, "scenario", []string{"shipped scenario"}, create},
		{"create: no seats", `{"scenario": "toy"}`, "seats", []string{"at least one"}, create},
		{"create: unknown", `{"scenario": "toy", "seats": ["A"], "rounds": 3}`, "rounds", []string{`"rounds"`, "scenario, text, seed, seats"}, create},
		{"create: array", `[1]`, "body", []string{"JSON object"}, create},
		{"join: name a number", `{"name": 1, "seat": "A"}`, "name", []string{"a string"}, join},
		{"join: control", `{"name": "A\u0007", "seat": "A"}`, "name", []string{"one line"}, join},
		{"command: no kind", `{}`, "kind", []string{"propose", "fire"}, command},
		{"command: host with seat", `{"kind": "step", "seat": "AAA"}`, "seat", []string{"host's action"}, command},
		{"command: step with clause", `{"kind": "step", "clause": "x"}`, "clause", []string{"step does not take clause", "no other field"}, command},
		{"command: accept without offer", `{"kind": "accept"}`, "offer", []string{"which offer"}, command},
		{"command: object not bool", `{"kind": "object", "object": "yes"}`, "object", []string{"true or false"}, command},
		{"command: long id", `{"kind": "support", "clause": "` + strings.Repeat("c", 65) + `"}`, "clause", []string{"64"}, command},
		{"command: trailing", `{"kind": "step"} 1`, "body", []string{"nothing after"}, command},
		{"command: cut", `{"kind": "step"`, "body", []string{"malformed JSON"}, command},
		{"command: syntax", `{"kind": step}`, "body", []string{"malformed JSON at byte"}, command},
	}
	for _, tt := range tests {
		err := tt.decode([]byte(tt.body))
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != tt.field {
			t.Errorf("%s: %v, want an error about %s", tt.name, err, tt.field)
			continue
		}
		for _, w := range tt.words {
			if !strings.Contains(ie.Msg, w) {
				t.Errorf("%s: %q does not say %q", tt.name, ie.Msg, w)
			}
		}
	}
}

func create(b []byte) error  { _, err := decodeCreate(b); return err }
func join(b []byte) error    { _, err := decodeJoin(b); return err }
func command(b []byte) error { _, err := decodeCommand(b); return err }
