package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/treatysim/treatysim/classroom"
	"github.com/treatysim/treatysim/scenarios"
)

const serveHelp = `
Play a scenario with a class. Students play delegations from the browsers
of their phones or laptops, the agents play the rest of the room, and the
teacher (the host) creates the game and steps the negotiation round by
round from the host page; a live view is made for the projector, and a
debrief at the end compares the class with the agents.

SCENARIO, a shipped name (see treatysim list) or a TOML file, is
preselected on the host page; the host may choose another there or upload
a file. A file may extend a shipped scenario only (its text is kept with
each game).

The server listens on 127.0.0.1:8080, which only this computer can reach,
unless --addr says otherwise: --addr 0.0.0.0:8080 lets in the devices of
the local network, and the addresses to give the students are printed.
Nothing is asked of the internet: the pages come from this program.

The games are kept in the database (--db): every move is on disk before it
is acknowledged, and a server started again resumes every game where it
was. Ctrl-C stops the server.`

// serveConfig is what treatysim serve runs.
type serveConfig struct {
	addr, db string
	opts     classroom.ServerOptions
}

func cmdServe(args []string) error {
	fs := newFlags("serve", "serve [SCENARIO] [--addr 127.0.0.1:8080] [--db FILE]", serveHelp)
	var cfg serveConfig
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "the address to listen on (0.0.0.0:8080: every network of this computer)")
	fs.StringVar(&cfg.db, "db", classroom.DefaultDB, "the database of the games")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := serveScenario(pos, &cfg.opts); err != nil {
		return err
	}
	if _, _, err := net.SplitHostPort(cfg.addr); err != nil {
		return usagef("serve: --addr %q: %v (say host:port, such as 127.0.0.1:8080 or 0.0.0.0:8080)", cfg.addr, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, cfg, os.Stdout, nil)
}

// serveScenario resolves the scenario named on the command line into the
// server's preselected one.
func serveScenario(args []string, opts *classroom.ServerOptions) error {
	switch {
	case len(args) == 0:
		return nil
	case len(args) > 1:
		return usagef("serve: expected one scenario, got %d: %s", len(args), strings.Join(args, " "))
	case !strings.HasSuffix(args[0], ".toml") && !strings.ContainsAny(args[0], `/\`):
		if _, err := scenarios.LoadShipped(args[0]); err != nil {
			return err
		}
		opts.Scenario = args[0]
		return nil
	}
	if _, err := scenarios.Load(args[0]); err != nil {
		return err
	}
	text, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	name := filepath.Base(args[0])
	if _, err := scenarios.Parse(name, text); err != nil {
		return usagef("serve: %s extends a scenario file; the classroom keeps the text of a game's scenario with the game, so it may extend only a shipped scenario (%v)", args[0], err)
	}
	opts.Scenario, opts.ScenarioText = name, text
	return nil
}

// serve runs the server until ctx ends, then shuts it down gracefully.
// ready, if not nil, is called with the address once it listens.
func serve(ctx context.Context, cfg serveConfig, out io.Writer, ready func(addr string)) error {
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	host, _, _ := net.SplitHostPort(cfg.addr)
	local := isLoopback(host)
	students := studentURLs(host, port)
	if !local && len(students) > 0 {
		cfg.opts.JoinURL = students[0]
	}

	st, err := classroom.OpenStore(cfg.db)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer st.Close()
	logger := log.New(os.Stderr, "", log.LstdFlags)
	cfg.opts.Logf = logger.Printf
	srv := classroom.NewServer(st, cfg.opts)
	games, errs := srv.Restored()
	for _, err := range errs {
		fmt.Fprintln(os.Stderr, "treatysim: warning:", err)
	}

	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		MaxHeaderBytes: 64 << 10, ErrorLog: log.New(io.Discard, "", 0)}
	hs.RegisterOnShutdown(srv.Close)

	hostURL := "http://" + net.JoinHostPort(hostFor(host), fmt.Sprint(port))
	page := hostURL + "/host"
	if cfg.opts.Scenario != "" {
		page += "?scenario=" + url.QueryEscape(cfg.opts.Scenario)
	}
	fmt.Fprintf(out, "treatysim classroom: serving on %s (games in %s: %d restored)\n\n", hostURL, cfg.db, games)
	fmt.Fprintf(out, "  The host, on this computer:  %s\n", page)
	switch {
	case local:
		fmt.Fprintf(out, "  Students open:               %s/ and type the game's code\n", hostURL)
		fmt.Fprintf(out, "                               (%s is this computer only: use --addr 0.0.0.0:%d to let the class's devices in)\n", host, port)
	case len(students) == 0:
		fmt.Fprintf(out, "  Students open:               http://<this computer's address>:%d/ (no network address was found)\n", port)
	default:
		for k, u := range students {
			label := "  Students open:               "
			if k > 0 {
				label = "                           or "
			}
			fmt.Fprintf(out, "%s%s/\n", label, u)
		}
		fmt.Fprintln(out, "                               and type the game's code (the host page shows it)")
	}
	fmt.Fprintln(out, "\nCtrl-C stops the server; the games are kept and resume when it starts again.")

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(out, "treatysim classroom: stopping")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}

// isLoopback reports whether host (of --addr) is this computer only.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// isAny reports whether host (of --addr) is every address of the computer.
func isAny(host string) bool {
	if host == "" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsUnspecified()
}

// hostFor is the host the teacher's browser uses on this computer.
func hostFor(host string) string {
	if isAny(host) {
		return "localhost"
	}
	return host
}

// studentURLs returns the addresses students may open: for a server on
// every address, one per non-loopback IPv4 address of the computer.
func studentURLs(host string, port int) []string {
	p := fmt.Sprint(port)
	if !isAny(host) {
		return []string{"http://" + net.JoinHostPort(host, p)}
	}
	var out []string
	for _, ip := range lanIPv4() {
		out = append(out, "http://"+net.JoinHostPort(ip, p))
	}
	return out
}

// lanIPv4 lists the computer's non-loopback IPv4 addresses (not
// link-local), the private ones first.
func lanIPv4() []string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var private, other []string
	for _, a := range addrs {
		ipn, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		ip := ipn.IP.To4()
		if ip == nil || ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() {
			continue
		}
		if ip.IsPrivate() {
			private = append(private, ip.String())
		} else {
			other = append(other, ip.String())
		}
	}
	return slices.Compact(append(private, other...))
}
