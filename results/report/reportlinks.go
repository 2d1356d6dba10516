package report

import (
	"strings"
)

// Links from the first use of a term to the glossary are put in the
// rendered page, not in the template: only then is the first use known,
// wherever it falls (a table heading, the narrative, a caption). The
// page's text is already escaped by html/template, and a link wraps a few
// words of it in an anchor of ours, so nothing from the folder becomes
// markup.

// noLinks are the elements whose text takes no link: links, headings
// (they are targets, not text), code, the contents bar, summaries (a
// click there opens the details) and what is not text.
var noLinks = map[string]bool{"a": true, "h1": true, "h2": true, "h3": true, "code": true, "nav": true,
	"summary": true, "style": true, "script": true, "title": true, "head": true}

// linkTerms links the first use of each entry's words in the text of
// page to its entry, and returns the page and the entries used.
func linkTerms(page string, entries []glossEntry) (string, []glossEntry) {
	var b strings.Builder
	b.Grow(len(page) + 4096)
	used := make([]bool, len(entries))
	skip := 0
	for i := 0; i < len(page); {
		lt := strings.IndexByte(page[i:], '<')
		if lt < 0 {
			lt = len(page) - i
		}
		if skip == 0 {
			linkText(&b, page[i:i+lt], entries, used)
		} else {
			b.WriteString(page[i : i+lt])
		}
		i += lt
		if i >= len(page) {
			break
		}
		gt := strings.IndexByte(page[i:], '>')
		if gt < 0 {
			b.WriteString(page[i:])
			break
		}
		tag := page[i : i+gt+1]
		b.WriteString(tag)
		i += gt + 1
		name, end := tagName(tag)
		if !noLinks[name] {
			continue
		}
		if end {
			skip = max(0, skip-1)
		} else {
			skip++
		}
	}
	var out []glossEntry
	for k, e := range entries {
		if used[k] {
			out = append(out, e)
		}
	}
	return b.String(), out
}

// tagName is the lower-case name of a tag ("<h2 id=x>" -> "h2") and
// whether it ends an element.
func tagName(tag string) (string, bool) {
	s := strings.TrimPrefix(tag, "<")
	end := strings.HasPrefix(s, "/")
	s = strings.TrimPrefix(s, "/")
	n := strings.IndexFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') })
	if n < 0 {
		n = len(s)
	}
	return strings.ToLower(s[:n]), end
}

// linkText writes text with the first use of each entry not yet used
// linked to it.
func linkText(b *strings.Builder, text string, entries []glossEntry, used []bool) {
	lower := asciiLower(text)
	for pos := 0; ; {
		at, end, which := -1, 0, -1
		for k, e := range entries {
			if used[k] {
				continue
			}
			for _, w := range e.Words {
				i, j := findWord(text, lower, pos, w)
				if i >= 0 && (at < 0 || i < at || i == at && j > end) {
					at, end, which = i, j, k
				}
			}
		}
		if which < 0 {
			b.WriteString(text[pos:])
			return
		}
		used[which] = true
		b.WriteString(text[pos:at])
		b.WriteString(`<a class="gl" href="#g-` + entries[which].ID + `">`)
		b.WriteString(text[at:end])
		b.WriteString("</a>")
		pos = end
	}
}

// findWord finds the first use of word in text from pos as a whole word
// (an s may follow a word in lower case): its start and end, or -1.
func findWord(text, lower string, pos int, word string) (int, int) {
	hay, w := lower, word
	if word != asciiLower(word) {
		hay = text
	}
	for from := pos; from < len(text); {
		i := strings.Index(hay[from:], w)
		if i < 0 {
			return -1, 0
		}
		i += from
		j := i + len(w)
		if w == word && w == asciiLower(w) && j < len(text) && text[j] == 's' {
			j++
		}
		if (i == 0 || !wordByte(text[i-1])) && (j == len(text) || !wordByte(text[j])) {
			return i, j
		}
		from = i + 1
	}
	return -1, 0
}

// wordByte reports whether a byte continues a word: a letter, a digit, a
// hyphen, an underscore, or part of a non-ASCII letter.
func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c >= 0x80
}

// asciiLower lowers ASCII letters only, so that byte offsets stay those
// of the original.
func asciiLower(s string) string {
	b := []byte(s)
	for k, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[k] = c + 'a' - 'A'
		}
	}
	return string(b)
}
