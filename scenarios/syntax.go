package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// What a syntax error may quote of the text (docs/limits.md).
const (
	maxQuotedLine = 120 // runes of an offending line shown whole
	excerptRunes  = 80  // runes shown around the column of a longer line
	maxParserMsg  = 200 // runes of the parser's own message
)

// syntaxProblem turns a TOML parse error into file:line:column, the
// parser's message and the offending line with a caret under the column.
// A file that is not a scenario (no .toml extension: a slip on the
// command line, or a .toml link to /etc/passwd) is never quoted, neither its line nor the parser's
// message, which quotes the text it stopped at: an error must not show
// the content of /etc/shadow. A quoted line must be printable; a long one
// is cut to the part around the column.
func syntaxProblem(name string, data []byte, err error) error {
	show := quotable(name)
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		if !show {
			return &Problem{File: name, Msg: "not a TOML file (its text is not shown, as it is not a .toml file)"}
		}
		return &Problem{File: name, Msg: clip(err.Error(), maxParserMsg)}
	}
	// Line and column from the byte offset: the parser counts a newline
	// that ends a bad line as the start of the next one.
	line, col := pe.Position.Line, pe.Position.Col
	if start := pe.Position.Start; start >= 0 && start <= len(data) {
		before := data[:start]
		line = 1 + bytes.Count(before, []byte("\n"))
		col = 1 + utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	}
	if !show {
		return fmt.Errorf("%s:%d:%d: TOML syntax error (the text is not shown, as the file is not a .toml file)", name, line, col)
	}
	msg := fmt.Sprintf("%s:%d:%d: TOML syntax error: %s", name, line, col, clip(pe.Message, maxParserMsg))
	if text, caret, ok := excerpt(data, line, col); ok {
		msg += fmt.Sprintf("\n    %s\n    %s", text, caret)
	}
	return errors.New(msg)
}

// quotable reports whether a file's text may be quoted: a shipped
// scenario, or a .toml file that is not a link to another kind of file.
func quotable(name string) bool {
	if strings.HasPrefix(name, "shipped:") {
		return true
	}
	if !strings.EqualFold(filepath.Ext(name), ".toml") {
		return false
	}
	real, err := filepath.EvalSymlinks(name)
	return err != nil || strings.EqualFold(filepath.Ext(real), ".toml")
}

// excerpt returns line n of data (1-based) and a caret under column col,
// cut to the runes around the column when the line is long; ok is false
// when the line is not printable text.
func excerpt(data []byte, n, col int) (text, caret string, ok bool) {
	for k := 1; k < n; k++ {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return "", "", false
		}
		data = data[i+1:]
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	line := strings.TrimRight(string(data), "\r")
	if !utf8.ValidString(line) || strings.IndexFunc(line, notPrintable) >= 0 {
		return "", "", false
	}
	runes := []rune(line)
	col = max(1, min(col, len(runes)+1))
	if len(runes) <= maxQuotedLine {
		return line, strings.Repeat(" ", col-1) + "^", true
	}
	from := max(0, col-1-excerptRunes/2)
	to := min(len(runes), from+excerptRunes)
	text, pad := string(runes[from:to]), col-1-from
	if from > 0 {
		text, pad = "…"+text, pad+1
	}
	if to < len(runes) {
		text += "…"
	}
	return text, strings.Repeat(" ", pad) + "^", true
}

func notPrintable(r rune) bool { return !unicode.IsPrint(r) && r != '\t' }

// clip makes a message printable (escaping as strconv.Quote does) and
// cuts it to n runes.
func clip(s string, n int) string {
	if !utf8.ValidString(s) || strings.IndexFunc(s, notPrintable) >= 0 {
		q := strconv.QuoteToGraphic(s)
		s = q[1 : len(q)-1]
	}
	if r := []rune(s); len(r) > n {
		s = string(r[:n]) + "…"
	}
	return s
}
