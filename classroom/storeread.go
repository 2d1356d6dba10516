package classroom

// Reading the games back: what a server restores when it starts.

import (
	"encoding/json"
	"fmt"
	"time"
)

// StoredGame is a game as the store keeps it.
type StoredGame struct {
	Code     string
	Setup    Setup
	HostHash TokenHash
	Created  time.Time
	Players  []StoredPlayer // in the order they joined
	Commands []Command      // the log, in order (seq 1, 2, ...)
}

// StoredPlayer is a student who joined a seat.
type StoredPlayer struct {
	State     string
	Name      string
	TokenHash TokenHash
}

// CommandCount returns the number of commands stored for a game ("" for
// every game).
func (s *Store) CommandCount(code string) (int, error) {
	var n int
	var err error
	if code == "" {
		err = s.db.QueryRow("SELECT COUNT(*) FROM commands").Scan(&n)
	} else {
		err = s.db.QueryRow("SELECT COUNT(*) FROM commands WHERE code = ?", code).Scan(&n)
	}
	return n, err
}

// Games returns every stored game with its players and its log, in the
// order they were created.
func (s *Store) Games() ([]*StoredGame, error) {
	rows, err := s.db.Query("SELECT code, setup, host_hash, created FROM games ORDER BY created, code")
	if err != nil {
		return nil, err
	}
	var games []*StoredGame
	byCode := map[string]*StoredGame{}
	for rows.Next() {
		var code, setup, created string
		var host []byte
		if err := rows.Scan(&code, &setup, &host, &created); err != nil {
			rows.Close()
			return nil, err
		}
		g := &StoredGame{Code: code}
		if err := json.Unmarshal([]byte(setup), &g.Setup); err != nil {
			rows.Close()
			return nil, fmt.Errorf("game %s: setup: %w", code, err)
		}
		if len(host) != len(g.HostHash) {
			rows.Close()
			return nil, fmt.Errorf("game %s: host token hash of %d bytes", code, len(host))
		}
		copy(g.HostHash[:], host)
		g.Created, _ = time.Parse(time.RFC3339Nano, created)
		games = append(games, g)
		byCode[code] = g
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = s.db.Query("SELECT code, state, name, token_hash FROM seats ORDER BY joined, rowid")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var p StoredPlayer
		var code string
		var tok []byte
		if err := rows.Scan(&code, &p.State, &p.Name, &tok); err != nil {
			rows.Close()
			return nil, err
		}
		g := byCode[code]
		if g == nil || len(tok) != len(p.TokenHash) {
			continue
		}
		copy(p.TokenHash[:], tok)
		g.Players = append(g.Players, p)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}

	rows, err = s.db.Query("SELECT code, seq, command FROM commands ORDER BY code, seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code, cmd string
		var seq int
		if err := rows.Scan(&code, &seq, &cmd); err != nil {
			return nil, err
		}
		g := byCode[code]
		if g == nil {
			continue
		}
		if seq != len(g.Commands)+1 {
			return nil, fmt.Errorf("game %s: command %d follows command %d", code, seq, len(g.Commands))
		}
		var c Command
		if err := json.Unmarshal([]byte(cmd), &c); err != nil {
			return nil, fmt.Errorf("game %s: command %d: %w", code, seq, err)
		}
		g.Commands = append(g.Commands, c)
	}
	return games, rows.Err()
}
