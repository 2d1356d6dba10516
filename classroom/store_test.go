package classroom

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func openStore(t testing.TB, path string) *Store {
	t.Helper()
	st, err := OpenStore(path)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestStore writes a game, its players and its log, and reads them back
// after the file is closed and opened again.
func TestStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a folder", "with ? and # and %", "classroom.db")
	st := openStore(t, path)
	for _, p := range []struct{ pragma, want string }{{"journal_mode", "wal"}, {"synchronous", "2"}, {"foreign_keys", "1"}} {
		var got string
		if err := st.db.QueryRow("PRAGMA " + p.pragma).Scan(&got); err != nil || !strings.EqualFold(got, p.want) {
			t.Errorf("PRAGMA %s = %q (%v), want %s", p.pragma, got, err, p.want)
		}
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the database is not at %s: %v", path, err)
	}

	_, host := newToken()
	_, ada := newToken()
	_, bo := newToken()
	setup := Setup{Scenario: "toy", Seed: 3, Seats: []string{"AAA", "EEE"}}
	upload := Setup{Text: []byte("format = 1\n"), Seats: []string{"X"}}
	created := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	if err := st.CreateGame("ABCDEF", setup, host, created); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateGame("ABCDEF", setup, host, created); !errors.Is(err, ErrCodeTaken) {
		t.Errorf("a second game ABCDEF: %v, want ErrCodeTaken", err)
	}
	if err := st.CreateGame("GHJKLM", upload, host, created.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		state, name string
		tok         TokenHash
	}{{"AAA", "Ada", ada}, {"EEE", "Bo", bo}, {"EEE", "Ada L.", ada}} { // Ada moves to E
		if err := st.SetPlayer("ABCDEF", p.state, p.name, p.tok); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetPlayer("NOGAME", "AAA", "Cy", bo); err == nil {
		t.Error("a player of a game that does not exist was stored")
	}
	log := []Command{{Kind: KindStart}, {Kind: KindSupport, Seat: "AAA", Clause: "wording", Option: "unlawful"}, {Kind: KindStep}}
	for k, c := range log {
		if err := st.Append("ABCDEF", k+1, c); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := st.CommandCount("ABCDEF"); err != nil || n != 3 {
		t.Errorf("CommandCount = %d, %v; want 3", n, err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Append("ABCDEF", 4, Command{Kind: KindStep}); !errors.Is(err, ErrClosed) {
		t.Errorf("Append on a closed store: %v", err)
	}

	st = openStore(t, path)
	defer st.Close()
	games, err := st.Games()
	if err != nil {
		t.Fatal(err)
	}
	if len(games) != 2 || games[0].Code != "ABCDEF" || games[1].Code != "GHJKLM" {
		t.Fatalf("games: %+v", games)
	}
	g := games[0]
	if !reflect.DeepEqual(g.Setup, setup) || g.HostHash != host || !g.Created.Equal(created) {
		t.Errorf("game ABCDEF: %+v", g)
	}
	want := []StoredPlayer{{"EEE", "Ada L.", ada}, {"EEE", "Bo", bo}}
	if !reflect.DeepEqual(g.Players, want) {
		t.Errorf("players: %+v, want %+v", g.Players, want)
	}
	if !reflect.DeepEqual(g.Commands, log) {
		t.Errorf("log: %+v, want %+v", g.Commands, log)
	}
	if !reflect.DeepEqual(games[1].Setup, upload) || len(games[1].Commands) != 0 {
		t.Errorf("game GHJKLM: %+v", games[1])
	}
}

// TestStoreGroupCommit appends the commands of several games at once:
// they are all stored, in order; a command that cannot be stored fails
// its game's later commands, not the other games'.
func TestStoreGroupCommit(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "c.db"))
	_, host := newToken()
	codes := []string{"AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD"}
	for _, c := range codes {
		if err := st.CreateGame(c, Setup{Scenario: "toy", Seats: []string{"AAA"}}, host, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	const n = 300
	var wg sync.WaitGroup
	for _, code := range codes {
		wg.Go(func() {
			var pending []<-chan error
			for seq := 1; seq <= n; seq++ {
				pending = append(pending, st.AppendAsync(code, seq, Command{Kind: KindObject, Seat: "AAA", Object: seq%2 == 0}))
			}
			for seq, done := range pending {
				if err := <-done; err != nil {
					t.Errorf("%s %d: %v", code, seq+1, err)
				}
			}
		})
	}
	wg.Wait()
	// A command stored twice fails, and so do the game's later ones; the
	// other games go on.
	dup := st.AppendAsync("AAAAAA", 5, Command{Kind: KindStep})
	later := st.AppendAsync("AAAAAA", n+1, Command{Kind: KindStep})
	other := st.AppendAsync("BBBBBB", n+1, Command{Kind: KindStep})
	if err := <-dup; err == nil {
		t.Error("command 5 was stored twice")
	}
	if err := <-later; err == nil {
		t.Error("a command after one that failed was stored")
	}
	if err := <-other; err != nil {
		t.Errorf("another game's command: %v", err)
	}
	if err := st.Append("NOGAME", 1, Command{Kind: KindStep}); err == nil {
		t.Error("a command of a game that does not exist was stored")
	}
	st.Close()
	st = openStore(t, st.Path())
	defer st.Close()
	games, err := st.Games()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range games {
		want := n
		if g.Code == "BBBBBB" {
			want = n + 1
		}
		if len(g.Commands) != want || (g.Code != "BBBBBB" && g.Commands[n-1].Object != true) {
			t.Errorf("game %s: %d commands, want %d", g.Code, len(g.Commands), want)
		}
	}
}

// TestStoreDefaultFolder creates the folder of the database.
func TestStoreDefaultFolder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "results-out", "classroom.db")
	st := openStore(t, path)
	st.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	if DefaultDB != "results-out/classroom.db" {
		t.Errorf("DefaultDB = %s", DefaultDB)
	}
	// A file that is not a database.
	bad := filepath.Join(dir, "not.db")
	if err := os.WriteFile(bad, []byte("this is not a SQLite database, it is a long enough text file to be read as one and refused"), 0o644); err != nil {
		t.Fatal(err)
	}
	if st, err := OpenStore(bad); err == nil {
		st.Close()
		t.Error("a text file opened as a database")
	}
}

func TestTokensAndCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		c := newCode()
		if len(c) != codeLen || strings.ContainsAny(c, "0O1I") || strings.Trim(c, codeAlphabet) != "" {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
	}
	if len(seen) < 1990 {
		t.Errorf("2000 codes, %d different", len(seen))
	}
	tok, h := newToken()
	tok2, _ := newToken()
	if len(tok) != 43 || tok == tok2 || strings.ContainsAny(tok, "+/=") || hashToken(tok) != h {
		t.Errorf("tokens %q %q", tok, tok2)
	}
	if normCode(" abcdef ") != "ABCDEF" {
		t.Error("normCode")
	}
}
