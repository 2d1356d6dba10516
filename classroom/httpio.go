package classroom

// The HTTP plumbing of the server: errors as JSON with their status,
// bounded request bodies and the cookies of hosts and students.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// httpError is an error with its HTTP status.
type httpError struct {
	status int
	field  string
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func errorf(status int, field, format string, a ...any) *httpError {
	return &httpError{status: status, field: field, msg: fmt.Sprintf(format, a...)}
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error": "internal error: the answer could not be encoded"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// apiError is the JSON of an error.
type apiError struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// writeError answers with err: 400 for bad input, 409 for a command out
// of turn, the status of an *httpError, 500 for anything else.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ie *InputError
	var he *httpError
	switch {
	case errors.As(err, &he):
		writeJSON(w, he.status, apiError{Error: he.msg, Field: he.field})
	case errors.As(err, &ie):
		status := http.StatusBadRequest
		if ie.OutOfTurn() {
			status = http.StatusConflict
		}
		writeJSON(w, status, apiError{Error: ie.Msg, Field: ie.Field})
	default:
		s.logf("classroom: %s %s: %v", r.Method, r.URL.Path, err)
		writeJSON(w, http.StatusInternalServerError, apiError{Error: "the server failed: " + err.Error()})
	}
}

// readBody reads a request's body, at most maxBody bytes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	b, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, errorf(http.StatusRequestEntityTooLarge, "body", "%s", describeLimit())
	case err != nil:
		return nil, errorf(http.StatusBadRequest, "body", "the request could not be read: %v", err)
	}
	return b, nil
}

func setCookie(w http.ResponseWriter, r *http.Request, name, value string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: int(cookieAge / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
}
