package classroom

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// web holds the pages of the classroom (web/*.html) and what they load
// (web/static/*: CSS and JavaScript). Nothing comes from elsewhere: a
// classroom may have no internet.
//
//go:embed web
var web embed.FS

// pages maps the paths of the pages to their files in web/. The host's
// page to create a game, GET /host, is web/host.html (Server.hostPage).
var pages = []struct{ pattern, file string }{
	{"GET /{$}", "index.html"},              // join: the code and a name, then a seat
	{"GET /host/{code}", "control.html"},    // the host's controls
	{"GET /play/{code}", "play.html"},       // a student's seat
	{"GET /live/{code}", "live.html"},       // the projector
	{"GET /debrief/{code}", "debrief.html"}, // the class against the agents
}

// pageCSP is the Content-Security-Policy of the pages: everything from
// this server, nothing from anywhere else, no framing.
const pageCSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"

// reportCSP is the policy of a game's report.html: a standalone page with
// its style inline and its plots as data: URIs, and no script.
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// servePage writes a page of web/, or a plain message when the build
// lacks it.
func servePage(w http.ResponseWriter, r *http.Request, file string) {
	b, err := web.ReadFile("web/" + file)
	if err != nil {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("treatysim classroom: the page " + file + " is missing from this build.\n"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(b)
}

// staticHandler serves web/static/ under /static/.
func staticHandler() http.Handler {
	sub, err := fs.Sub(web, "web/static")
	if err != nil {
		return http.NotFoundHandler()
	}
	files := http.FileServerFS(sub)
	return http.StripPrefix("/static/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r) // no listings
			return
		}
		switch path.Ext(r.URL.Path) {
		case ".js":
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		case ".css":
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
		}
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	}))
}
