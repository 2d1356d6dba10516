package unvotes

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const (
	goodRollCalls = `rcid,session,date,resolution,important,amendment,paragraph,issues,title
11,70,2015-12-01,R/70/1,1,,,me;hr,"CUBA, U.S. EMBARGO"
10,69,2014-11-05,R/69/5,0,1,0,,Plain title
`
	goodVotes = `rcid,state,vote
10,USA,yes
10,CUB,no
11,CUB,abstain
11,AFG,yes
`
)

var goodRecord = &Record{
	RollCalls: []RollCall{
		{ID: 10, Session: 69, Date: "2014-11-05", Resolution: "R/69/5", Amendment: true, Title: "Plain title"},
		{ID: 11, Session: 70, Date: "2015-12-01", Resolution: "R/70/1", Important: true, Issues: []string{"me", "hr"}, Title: "CUBA, U.S. EMBARGO"},
	},
	States: []string{"AFG", "CUB", "USA"},
	Casts: []Cast{
		{RollCall: 0, State: 1, Vote: No},
		{RollCall: 0, State: 2, Vote: Yes},
		{RollCall: 1, State: 0, Vote: Yes},
		{RollCall: 1, State: 1, Vote: Abstain},
	},
}

func parseStrings(rc, votes string) (*Record, error) {
	return Parse("roll_calls.csv", strings.NewReader(rc), "votes.csv", strings.NewReader(votes))
}

func TestParseGood(t *testing.T) {
	for _, tc := range []struct {
		name, rc, votes string
	}{
		{"plain", goodRollCalls, goodVotes},
		{"crlf and bom", "\ufeff" + strings.ReplaceAll(goodRollCalls, "\n", "\r\n"), strings.ReplaceAll(goodVotes, "\n", "\r\n")},
		{"no final newline", strings.TrimSuffix(goodRollCalls, "\n"), strings.TrimSuffix(goodVotes, "\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseStrings(tc.rc, tc.votes)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, goodRecord) {
				t.Errorf("got\n%+v\nwant\n%+v", got, goodRecord)
			}
		})
	}
}

func TestParseBad(t *testing.T) {
	const rcHeader = "rcid,session,date,resolution,important,amendment,paragraph,issues,title\n"
	const vHeader = "rcid,state,vote\n"
	for _, tc := range []struct {
		name, rc, votes string
		want            []string // substrings of the error
	}{
		{"unknown vote", goodRollCalls, vHeader + "10,USA,yes\n10,CUB,maybe\n",
			[]string{`votes.csv:3: unknown vote "maybe"; allowed: yes, no, abstain`}},
		{"wrong field count", goodRollCalls, vHeader + "10,USA,yes\n10,CUB\n",
			[]string{"votes.csv:3: 2 fields; want 3 (rcid,state,vote)"}},
		{"unknown rcid", goodRollCalls, vHeader + "99,USA,yes\n",
			[]string{"votes.csv:2: rcid 99 is not in roll_calls.csv"}},
		{"non-integer rcid", goodRollCalls, vHeader + "ten,USA,yes\n",
			[]string{`votes.csv:2: rcid "ten" is not an integer`}},
		{"duplicate vote", goodRollCalls, vHeader + "10,USA,yes\n10,CUB,no\n10,USA,no\n",
			[]string{"votes.csv:4: duplicate vote of USA on rcid 10 (first on line 2)"}},
		{"bad state", goodRollCalls, vHeader + "10,usa,yes\n10,US,no\n",
			[]string{`votes.csv:2: state "usa" is not an ISO 3166-1 alpha-3 code`, `votes.csv:3: state "US"`}},
		{"bad votes header", goodRollCalls, "rcid,country,vote\n10,USA,yes\n",
			[]string{`votes.csv:1: header is "rcid,country,vote"; want "rcid,state,vote"`}},
		{"empty votes", goodRollCalls, "",
			[]string{`votes.csv:1: empty file; want header "rcid,state,vote"`}},
		{"bad roll-calls header", "rcid,session\n", goodVotes,
			[]string{`roll_calls.csv:1: header is "rcid,session"; want "rcid,session,date,`}},
		{"roll-call field count", rcHeader + "10,69,2014-11-05,R/69/5,0,,,\n", goodVotes,
			[]string{"roll_calls.csv:2: 8 fields; want 9"}},
		{"roll-call values", rcHeader + "x,y,2014-13-05,R,yes,2,-,,t\n", goodVotes,
			[]string{
				`roll_calls.csv:2: rcid "x" is not an integer`,
				`roll_calls.csv:2: session "y" is not an integer`,
				`roll_calls.csv:2: bad date "2014-13-05"; want YYYY-MM-DD`,
				`roll_calls.csv:2: important "yes"; allowed: 1, 0 or empty`,
				`roll_calls.csv:2: amendment "2"; allowed: 1, 0 or empty`,
				`roll_calls.csv:2: paragraph "-"; allowed: 1, 0 or empty`,
			}},
		{"duplicate rcid", goodRollCalls + "10,69,2014-11-06,R/69/6,0,,,,Again\n", goodVotes,
			[]string{"roll_calls.csv:4: duplicate rcid 10 (first on line 3)"}},
		{"bare quote", rcHeader + `10,69,2014-11-05,R/69/5,0,,,,A "quoted" title` + "\n", goodVotes,
			[]string{`roll_calls.csv:2: bare " in non-quoted-field`}},
		{"several", goodRollCalls, vHeader + "10,USA,yes\n10,CUB,maybe\n12,AFG,no\n",
			[]string{"votes.csv:3: unknown vote", "votes.csv:4: rcid 12 is not in"}},
		{"too many", goodRollCalls, vHeader + strings.Repeat("10,USA,nay\n", 30),
			[]string{"votes.csv:21: unknown vote", "too many problems; stopped reading"}},
		{"long line", goodRollCalls, vHeader + "10,USA,yes\n10,CUB," + strings.Repeat("x", 70<<10) + "\n",
			[]string{"votes.csv:3: line longer than 64 KiB"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := parseStrings(tc.rc, tc.votes)
			if err == nil {
				t.Fatalf("no error; got %+v", rec)
			}
			if rec != nil {
				t.Errorf("got a record with the error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%v\ndoes not contain %q", err, w)
				}
			}
		})
	}
}

func TestParseProblemLimit(t *testing.T) {
	_, err := parseStrings(goodRollCalls, "rcid,state,vote\n"+strings.Repeat("10,USA,nay\n", 30))
	var j interface{ Unwrap() []error }
	if !errors.As(err, &j) {
		t.Fatalf("error %v is not joined", err)
	}
	if n := len(j.Unwrap()); n != maxProblems+1 {
		t.Errorf("got %d errors, want %d problems and a note", n, maxProblems)
	}
}

func TestRead(t *testing.T) {
	empty := t.TempDir()
	_, err := Read(empty)
	if want := filepath.Join(empty, "roll_calls.csv"); err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Read of an empty directory: got %v, want an error naming %s", err, want)
	}

	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("roll_calls.csv", goodRollCalls)
	_, err = Read(dir)
	if want := filepath.Join(dir, "votes.csv"); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Read without votes.csv: got %v, want an error naming %s", err, want)
	}
	write("votes.csv", goodVotes)
	got, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, goodRecord) {
		t.Errorf("got %+v, want %+v", got, goodRecord)
	}
	write("votes.csv", "rcid,state,vote\n10,USA,yes\n10,CUB,maybe\n")
	_, err = Read(dir)
	if want := filepath.Join(dir, "votes.csv") + ":3: unknown vote"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want an error containing %q", err, want)
	}
}

// endless is an unbounded stream of short lines.
type endless struct{}

func (endless) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = 'x'
		if i%64 == 63 {
			b[i] = '\n'
		}
	}
	return len(b), nil
}

func TestGuardSize(t *testing.T) {
	g := &guard{r: endless{}, name: "votes.csv"}
	n, err := io.CopyBuffer(io.Discard, g, make([]byte, 1<<20))
	if err == nil || !strings.Contains(err.Error(), "votes.csv: larger than 256 MiB") {
		t.Errorf("got %v, want the size limit", err)
	}
	if n > maxFileSize {
		t.Errorf("read %d bytes, more than the limit", n)
	}
}
