package classroom

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The request decoders of the server. Each reads a JSON object, refuses
// unknown fields and anything but one object, and checks the shape of what
// it read (the game checks the rest: that a clause exists, that a move
// comes in turn). Their errors are *InputError, naming the field at fault
// and what is allowed. A decoded value always passes the decoder's own
// check (checkCreate, checkJoin, checkCommand).

// maxBody is the largest request body the server reads.
const maxBody = 64 << 10

// Limits on the fields of requests.
const (
	maxID       = 64  // a state, clause, option, motion or event id
	maxName     = 40  // a player's name, in characters
	maxSeats    = 400 // seats of a game
	maxScenName = 200 // a scenario's name
)

// createRequest is the body of POST /api/games.
type createRequest struct {
	Scenario string   `json:"scenario"`
	Text     string   `json:"text,omitempty"` // an uploaded scenario's TOML
	Seed     uint64   `json:"seed,omitempty"`
	Seats    []string `json:"seats"`
}

// joinRequest is the body of POST /api/games/{code}/join.
type joinRequest struct {
	Name string `json:"name"`
	Seat string `json:"seat"`
}

// decodeCreate reads the body of a request to create a game.
func decodeCreate(body []byte) (createRequest, error) {
	var r createRequest
	if err := decodeJSON(body, &r, `{"scenario": "toy", "seats": ["AAA"]}`); err != nil {
		return r, err
	}
	r.Scenario = strings.TrimSpace(r.Scenario)
	for k := range r.Seats {
		r.Seats[k] = strings.TrimSpace(r.Seats[k])
	}
	return r, checkCreate(r)
}

// checkCreate checks the shape of a request to create a game.
func checkCreate(r createRequest) error {
	switch {
	case r.Scenario == "" && r.Text == "":
		return inputErrorf("scenario", "choose a shipped scenario or upload a scenario file (text)")
	case len(r.Scenario) > maxScenName:
		return inputErrorf("scenario", "a scenario's name has at most %d characters", maxScenName)
	case badText(r.Scenario):
		return inputErrorf("scenario", "a scenario's name is one line of text")
	case strings.ContainsRune(r.Text, 0):
		return inputErrorf("text", "a scenario file is text (TOML), with no NUL character")
	case !utf8.ValidString(r.Text):
		return inputErrorf("text", "a scenario file is UTF-8 text")
	case len(r.Seats) == 0:
		return inputErrorf("seats", "choose at least one delegation for the students (seats: a list of state ids)")
	case len(r.Seats) > maxSeats:
		return inputErrorf("seats", "at most %d seats", maxSeats)
	}
	for _, s := range r.Seats {
		if err := checkID("seats", s); err != nil {
			return err
		}
	}
	return nil
}

// decodeJoin reads the body of a request to join a seat.
func decodeJoin(body []byte) (joinRequest, error) {
	var r joinRequest
	if err := decodeJSON(body, &r, `{"name": "Ada", "seat": "BRA"}`); err != nil {
		return r, err
	}
	r.Name = strings.Join(strings.Fields(r.Name), " ")
	r.Seat = strings.TrimSpace(r.Seat)
	return r, checkJoin(r)
}

// checkJoin checks the shape of a request to join a seat.
func checkJoin(r joinRequest) error {
	switch n := utf8.RuneCountInString(r.Name); {
	case n == 0:
		return inputErrorf("name", "type your first name (it is shown to the class)")
	case n > maxName:
		return inputErrorf("name", "a name has at most %d characters", maxName)
	case badText(r.Name) || r.Name != strings.Join(strings.Fields(r.Name), " "):
		return inputErrorf("name", "a name is letters and spaces on one line")
	}
	if r.Seat == "" {
		return inputErrorf("seat", "choose the delegation you play")
	}
	return checkID("seat", r.Seat)
}

// commandFields are the fields of each kind of command, besides kind (and
// seat, which a delegation's move may repeat).
var commandFields = map[string][]string{
	KindPropose:    {"clause", "option"},
	KindSupport:    {"clause", "option"},
	KindOffer:      {"partner", "give", "get"},
	KindAccept:     {"offer"},
	KindDecline:    {"offer"},
	KindVote:       {"motion", "vote"},
	KindObject:     {"object"},
	KindStart:      {},
	KindStep:       {},
	KindEndSession: {},
	KindFinish:     {},
	KindFire:       {"event"},
}

// kindList names the kinds for a message, delegations' then host's.
func kindList() string {
	return strings.Join(studentKinds, ", ") + " (delegations); " + strings.Join(hostKinds, ", ") + " (host)"
}

// decodeCommand reads the body of a move or a host's action.
func decodeCommand(body []byte) (Command, error) {
	var c Command
	if err := decodeJSON(body, &c, `{"kind": "support", "clause": "...", "option": "..."}`); err != nil {
		return c, err
	}
	return c, checkCommand(c)
}

// checkCommand checks the shape of a command: a known kind, and only the
// fields the kind uses, each a plausible id.
func checkCommand(c Command) error {
	if c.Kind == "" {
		return inputErrorf("kind", "say what to do; kinds: %s", kindList())
	}
	fields, ok := commandFields[c.Kind]
	if !ok {
		if len(c.Kind) > maxID || badText(c.Kind) {
			return inputErrorf("kind", "unknown kind; kinds: %s", kindList())
		}
		return inputErrorf("kind", "unknown kind %q; kinds: %s", c.Kind, kindList())
	}
	uses := func(f string) bool { return slices.Contains(fields, f) }
	takes := "it takes no other field"
	if len(fields) > 0 {
		takes = "it takes " + strings.Join(fields, ", ")
	}
	ids := []struct{ name, v string }{
		{"seat", c.Seat}, {"clause", c.Clause}, {"option", c.Option}, {"partner", c.Partner},
		{"give", c.Give}, {"get", c.Get}, {"motion", c.Motion}, {"vote", c.Vote}, {"event", c.Event},
	}
	for _, f := range ids {
		if f.v == "" {
			continue
		}
		if f.name == "seat" {
			if IsHostKind(c.Kind) {
				return inputErrorf("seat", "%s is the host's action, not a delegation's move: no seat", c.Kind)
			}
		} else if !uses(f.name) {
			return inputErrorf(f.name, "%s does not take %s (%s)", c.Kind, f.name, takes)
		}
		if err := checkID(f.name, f.v); err != nil {
			return err
		}
	}
	if c.Offer != 0 && !uses("offer") {
		return inputErrorf("offer", "%s does not take offer (%s)", c.Kind, takes)
	}
	if c.Object && !uses("object") {
		return inputErrorf("object", "%s does not take object (%s)", c.Kind, takes)
	}
	switch c.Kind {
	case KindAccept, KindDecline:
		if c.Offer <= 0 {
			return inputErrorf("offer", "say which offer: its number (1, 2, ...)")
		}
	case KindVote:
		switch c.Vote {
		case "yes", "no", "abstain":
		case "":
			return inputErrorf("vote", "say how you vote: yes, no or abstain")
		default:
			return inputErrorf("vote", "%q is not a vote; votes: yes, no, abstain", c.Vote)
		}
	}
	return nil
}

// checkID checks an id of a request: one short line of text.
func checkID(field, s string) error {
	switch {
	case s == "":
		return inputErrorf(field, "empty")
	case len(s) > maxID:
		return inputErrorf(field, "an id has at most %d characters", maxID)
	case badText(s) || strings.TrimSpace(s) != s:
		return inputErrorf(field, "an id is one line, with no spaces around it (such as the ids the scenario lists)")
	}
	return nil
}

// badText reports whether s holds control characters or invalid UTF-8.
func badText(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError })
}

// decodeJSON reads one JSON object from body into v (a pointer to a
// struct), refusing unknown fields. example is a body to show in messages.
func decodeJSON(body []byte, v any, example string) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return inputErrorf("body", "the request is empty: send a JSON object, such as %s", example)
	}
	if len(body) > maxBody {
		return inputErrorf("body", "the request is over %d KiB", maxBody>>10)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, v, example)
	}
	if _, err := dec.Token(); err != io.EOF {
		return inputErrorf("body", "send one JSON object and nothing after it")
	}
	return nil
}

// jsonError turns an error of encoding/json into an *InputError that
// names the field and what it takes.
func jsonError(err error, v any, example string) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return inputErrorf("body", "malformed JSON at byte %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return inputErrorf("body", "malformed JSON: the object is cut short")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return inputErrorf("body", "send a JSON object, such as %s", example)
		}
		field := typ.Field
		if i := strings.LastIndexByte(field, '.'); i >= 0 {
			field = field[:i] // seats.3 is an item of seats
		}
		if strings.HasPrefix(field, "seats") {
			return inputErrorf("seats", "seats must be a list of strings (state ids), with no JSON %s", typ.Value)
		}
		return inputErrorf(field, "%s must be %s, not a JSON %s", field, typeWords(typ.Type), typ.Value)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		field := name
		if field == "" || len(field) > maxID || badText(field) {
			field = "body"
		}
		return inputErrorf(field, "unknown field %q; fields: %s", clip(name, maxID), strings.Join(jsonFields(v), ", "))
	}
	return inputErrorf("body", "malformed JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// typeWords says what a Go type takes, for a message.
func typeWords(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Uint, reflect.Uint64, reflect.Uint32:
		return "a whole number, 0 or more"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(typeWords(t.Elem()), "a ") + "s"
	}
	return t.String()
}

// jsonFields lists the JSON names of the fields of the struct v points to.
func jsonFields(v any) []string {
	t := reflect.TypeOf(v).Elem()
	var out []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// describeLimit is the message of a body over maxBody.
func describeLimit() string {
	return fmt.Sprintf("the request is over %d KiB, the most the server reads", maxBody>>10)
}
