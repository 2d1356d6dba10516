package classroom

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DefaultDB is where treatysim serve keeps its games when no --db is given.
const DefaultDB = "results-out/classroom.db"

// Store keeps the games of a server in a SQLite file: for each game its
// Setup and the hash of the host's token (games), the players of its
// seats with the hashes of their tokens (seats), and its log of commands
// (commands). A game is nothing but its Setup and its log: a server
// rebuilds it with Replay.
//
// The file is in WAL mode with synchronous=FULL: a command is on disk
// when Append returns, before the server acknowledges it. The Store uses
// one connection, so there is one writer and writes are serialized.
// Commands go through one goroutine that writes those waiting together in
// one transaction (group commit): one fsync for all the moves that came
// in while the previous ones were written, so that a slow disk delays the
// moves of a class once rather than once per move.
type Store struct {
	db   *sql.DB
	path string

	mu     sync.Mutex // guards closed and sending on queue
	closed bool
	queue  chan *write
	wg     sync.WaitGroup // the writer

	fmu    sync.Mutex
	failed map[string]error // games whose log could not be written
}

// write is a command waiting to be written.
type write struct {
	code, cmd, at string
	seq           int
	done          chan error
}

// maxBatch bounds the commands written in one transaction.
const maxBatch = 512

// ErrClosed is returned for a command appended to a closed Store.
var ErrClosed = errors.New("the database is closed")

// ErrCodeTaken is returned by CreateGame when the code is in use.
var ErrCodeTaken = errors.New("the game code is taken")

const schema = `
CREATE TABLE IF NOT EXISTS games (
	code      TEXT PRIMARY KEY,
	setup     TEXT NOT NULL,
	host_hash BLOB NOT NULL,
	created   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seats (
	code       TEXT NOT NULL REFERENCES games(code),
	state      TEXT NOT NULL,
	name       TEXT NOT NULL,
	token_hash BLOB NOT NULL,
	joined     INTEGER NOT NULL,
	PRIMARY KEY (code, token_hash)
);
CREATE TABLE IF NOT EXISTS commands (
	code    TEXT NOT NULL REFERENCES games(code),
	seq     INTEGER NOT NULL,
	command TEXT NOT NULL,
	at      TEXT NOT NULL,
	PRIMARY KEY (code, seq)
);
`

// OpenStore opens (or creates, with its folder) the database at path.
func OpenStore(path string) (*Store, error) {
	if path == "" {
		path = DefaultDB
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("database folder: %w", err)
	}
	// A file: URI, so that any character of the path is escaped; the
	// pragmas go in the DSN so that any connection the pool makes has them.
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", u.String()+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one writer
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	st := &Store{db: db, path: path, queue: make(chan *write, 1024), failed: map[string]error{}}
	if err := st.init(); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	st.wg.Add(1)
	go st.writer()
	return st, nil
}

func (s *Store) init() error {
	var mode string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		return err
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %s, not WAL", mode)
	}
	var version int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if version > 1 {
		return fmt.Errorf("written by a newer treatysim (schema %d)", version)
	}
	if _, err := s.db.Exec(schema); err != nil {
		return err
	}
	_, err := s.db.Exec("PRAGMA user_version = 1")
	return err
}

// Path returns the file the store was opened on.
func (s *Store) Path() string { return s.path }

// Close writes the commands still waiting and closes the database
// (checkpointing its WAL).
func (s *Store) Close() error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.queue)
	}
	s.mu.Unlock()
	s.wg.Wait()
	return s.db.Close()
}

// CreateGame stores a new game. It returns ErrCodeTaken when a game
// already has the code.
func (s *Store) CreateGame(code string, setup Setup, host TokenHash, created time.Time) error {
	b, err := json.Marshal(setup)
	if err != nil {
		return err
	}
	_, err = s.db.Exec("INSERT INTO games (code, setup, host_hash, created) VALUES (?, ?, ?, ?)",
		code, string(b), host[:], created.UTC().Format(time.RFC3339Nano))
	if isConstraint(err) {
		return ErrCodeTaken
	}
	return err
}

// SetPlayer records that the player with the token's hash plays state
// under name: a new player, or one who changes seat or name.
func (s *Store) SetPlayer(code, state, name string, token TokenHash) error {
	_, err := s.db.Exec(`INSERT INTO seats (code, state, name, token_hash, joined) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (code, token_hash) DO UPDATE SET state = excluded.state, name = excluded.name`,
		code, state, name, token[:], time.Now().UnixNano())
	return err
}

// Append writes command seq of a game's log and returns when it is on
// disk (or could not be written).
func (s *Store) Append(code string, seq int, c Command) error {
	return <-s.AppendAsync(code, seq, c)
}

// AppendAsync queues command seq of a game's log for writing and returns
// the channel that says when it is on disk (nil) or could not be written.
// Commands are written in the order they are queued: a caller queues a
// game's commands in the order of its log. Once a command of a game could
// not be written, the later ones of that game are refused with the same
// error (the stored log stays a prefix of the game's).
func (s *Store) AppendAsync(code string, seq int, c Command) <-chan error {
	done := make(chan error, 1)
	b, err := json.Marshal(c)
	if err != nil {
		done <- err
		return done
	}
	if err := s.failure(code); err != nil {
		done <- err
		return done
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		done <- ErrClosed
		return done
	}
	s.queue <- &write{code: code, seq: seq, cmd: string(b), at: time.Now().UTC().Format(time.RFC3339Nano), done: done}
	return done
}

func (s *Store) failure(code string) error {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	return s.failed[code]
}

// writer writes the queued commands, those waiting together.
func (s *Store) writer() {
	defer s.wg.Done()
	for w := range s.queue {
		batch := []*write{w}
	more:
		for len(batch) < maxBatch {
			select {
			case w, ok := <-s.queue:
				if !ok {
					break more
				}
				batch = append(batch, w)
			default:
				break more
			}
		}
		s.writeBatch(batch)
	}
}

// writeBatch writes a batch in one transaction, or, if that fails, one
// command at a time, to fail only the games at fault.
func (s *Store) writeBatch(batch []*write) {
	ok := batch[:0:0]
	for _, w := range batch {
		if err := s.failure(w.code); err != nil {
			w.done <- err
		} else {
			ok = append(ok, w)
		}
	}
	if len(ok) == 0 {
		return
	}
	if s.insert(ok) == nil {
		for _, w := range ok {
			w.done <- nil
		}
		return
	}
	for _, w := range ok {
		err := s.failure(w.code)
		if err == nil {
			if err = s.insert([]*write{w}); err != nil {
				if isConstraint(err) {
					err = fmt.Errorf("command %d of game %s: %w", w.seq, w.code, err)
				}
				s.fmu.Lock()
				s.failed[w.code] = err
				s.fmu.Unlock()
			}
		}
		w.done <- err
	}
}

// insert writes commands in one transaction.
func (s *Store) insert(ws []*write) error {
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	stmt, err := tx.Prepare("INSERT INTO commands (code, seq, command, at) VALUES (?, ?, ?, ?)")
	if err != nil {
		tx.Rollback()
		return err
	}
	for _, w := range ws {
		if _, err := stmt.Exec(w.code, w.seq, w.cmd, w.at); err != nil {
			stmt.Close()
			tx.Rollback()
			return err
		}
	}
	stmt.Close()
	return tx.Commit()
}

func isConstraint(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
}
