package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/treatysim/treatysim/classroom"
)

func TestServeUsage(t *testing.T) {
	dir := t.TempDir()
	local := filepath.Join(dir, "base.toml")
	src, err := os.ReadFile("../../sim/testdata/toy.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(local, src, 0o644); err != nil {
		t.Fatal(err)
	}
	extends := filepath.Join(dir, "extends.toml")
	if err := os.WriteFile(extends, []byte("format = 1\nextends = \"base.toml\"\n[scenario]\nid = \"x\"\ntitle = \"X\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"help", []string{"serve", "--help"}, exitOK},
		{"two scenarios", []string{"serve", "toy", "ahc"}, exitUsage},
		{"unknown shipped scenario", []string{"serve", "nosuchscenario"}, exitUsage},
		{"missing file", []string{"serve", filepath.Join(dir, "nope.toml")}, exitUsage},
		{"a file extending a file", []string{"serve", extends}, exitUsage},
		{"bad flag", []string{"serve", "--port", "80"}, exitUsage},
		{"bad address", []string{"serve", "--addr", "8080"}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dispatch(tt.args); got != tt.want {
				t.Errorf("dispatch(%q) = %d, want %d", tt.args, got, tt.want)
			}
		})
	}
	var opts classroom.ServerOptions
	if err := serveScenario([]string{local}, &opts); err != nil || opts.Scenario != "base.toml" || !bytes.Equal(opts.ScenarioText, src) {
		t.Errorf("serve FILE: %v, %q", err, opts.Scenario)
	}
}

// TestServe runs the server on a free port, creates a game, stops it (as
// Ctrl-C does) and starts it again: the game is back.
func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "out", "classroom.db")
	run := func(check func(base string)) string {
		t.Helper()
		ctx, cancel := context.WithCancel(context.Background())
		var out bytes.Buffer
		done := make(chan error, 1)
		ready := make(chan string, 1)
		go func() {
			done <- serve(ctx, serveConfig{addr: "127.0.0.1:0", db: db, opts: classroom.ServerOptions{Scenario: "toy"}}, &out,
				func(addr string) { ready <- addr })
		}()
		select {
		case addr := <-ready:
			check("http://" + addr)
		case err := <-done:
			t.Fatal(err)
		case <-time.After(20 * time.Second):
			t.Fatal("the server did not start")
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("the server did not stop")
		}
		return out.String()
	}
	var code string
	out := run(func(base string) {
		res, err := http.Post(base+"/api/games", "application/json", strings.NewReader(`{"scenario": "toy", "seats": ["AAA"]}`))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var g struct{ Code string }
		if err := json.NewDecoder(res.Body).Decode(&g); err != nil || res.StatusCode != 200 {
			t.Fatalf("create: %d %v", res.StatusCode, err)
		}
		code = g.Code
		// A page following the game does not hold the shutdown.
		stream, err := http.Get(base + "/api/games/" + code + "/stream")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { stream.Body.Close() })
	})
	for _, want := range []string{"0 restored", "/host?scenario=toy", "Students open:", "this computer only", "stopping"} {
		if !strings.Contains(out, want) {
			t.Errorf("the output does not say %q:\n%s", want, out)
		}
	}
	out = run(func(base string) {
		res, err := http.Get(base + "/api/games/" + code)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("game %s after a restart: %d", code, res.StatusCode)
		}
	})
	if !strings.Contains(out, "1 restored") {
		t.Errorf("the second start:\n%s", out)
	}
}

func TestStudentURLs(t *testing.T) {
	if got := studentURLs("192.168.1.20", 8080); len(got) != 1 || got[0] != "http://192.168.1.20:8080" {
		t.Errorf("a given address: %v", got)
	}
	for _, u := range studentURLs("0.0.0.0", 8080) {
		if strings.HasPrefix(u, "http://127.") || !strings.HasSuffix(u, ":8080") {
			t.Errorf("every address: %s", u)
		}
	}
	for host, want := range map[string]bool{"127.0.0.1": true, "localhost": true, "::1": true, "0.0.0.0": false, "192.168.1.2": false} {
		if isLoopback(host) != want {
			t.Errorf("isLoopback(%s) != %v", host, want)
		}
	}
	if hostFor("") != "localhost" || hostFor("0.0.0.0") != "localhost" || hostFor("10.0.0.2") != "10.0.0.2" {
		t.Error("hostFor")
	}
}
