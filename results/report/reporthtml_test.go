package report

import (
	"fmt"
	"strings"
	"testing"
)

// The HTML checks of the report's tests: a small tokenizer of the HTML
// the report writes, and the check that a page fetches nothing.

// htmlTag is a start or end tag found by scanHTML.
type htmlTag struct {
	name  string
	end   bool
	attrs map[string]string
}

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// scanHTML is a small, strict tokenizer for the HTML the report writes
// (golang.org/x/net/html is not a dependency): it returns the tags with
// their attributes, skips comments, the doctype and the raw text of style
// elements, and fails on a '<' that starts no tag (unescaped text), an
// unterminated tag or attribute, and a tag closed out of order.
func scanHTML(doc string) ([]htmlTag, error) {
	var tags []htmlTag
	var stack []string
	line := func(i int) int { return strings.Count(doc[:i], "\n") + 1 }
	for i := 0; i < len(doc); {
		lt := strings.IndexByte(doc[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		switch {
		case strings.HasPrefix(doc[i:], "<!--"):
			end := strings.Index(doc[i:], "-->")
			if end < 0 {
				return nil, fmt.Errorf("line %d: unterminated comment", line(i))
			}
			i += end + 3
			continue
		case strings.HasPrefix(doc[i:], "<!"):
			end := strings.IndexByte(doc[i:], '>')
			if end < 0 {
				return nil, fmt.Errorf("line %d: unterminated declaration", line(i))
			}
			i += end + 1
			continue
		}
		tag, n, err := scanTag(doc[i:])
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", line(i), err)
		}
		i += n
		tags = append(tags, tag)
		switch {
		case tag.end:
			if len(stack) == 0 || stack[len(stack)-1] != tag.name {
				return nil, fmt.Errorf("line %d: </%s> closes %v", line(i), tag.name, stack)
			}
			stack = stack[:len(stack)-1]
		case voidElements[tag.name]:
		case tag.name == "style" || tag.name == "script":
			end := strings.Index(doc[i:], "</"+tag.name+">")
			if end < 0 {
				return nil, fmt.Errorf("line %d: unterminated <%s>", line(i), tag.name)
			}
			i += end + len("</"+tag.name+">")
			tags = append(tags, htmlTag{name: tag.name, end: true})
		default:
			stack = append(stack, tag.name)
		}
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("unclosed elements at the end: %v", stack)
	}
	return tags, nil
}

// scanTag reads one tag at the start of s and returns it and its length.
func scanTag(s string) (htmlTag, int, error) {
	t := htmlTag{attrs: map[string]string{}}
	i := 1
	if strings.HasPrefix(s, "</") {
		t.end, i = true, 2
	}
	isName := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
	}
	start := i
	for i < len(s) && isName(s[i]) {
		i++
	}
	if i == start {
		return t, 0, fmt.Errorf("'<' starts no tag: %.20q", s)
	}
	t.name = strings.ToLower(s[start:i])
	for {
		for i < len(s) && strings.IndexByte(" \t\n\r", s[i]) >= 0 {
			i++
		}
		if i >= len(s) {
			return t, 0, fmt.Errorf("unterminated <%s>", t.name)
		}
		if s[i] == '>' {
			return t, i + 1, nil
		}
		start = i
		for i < len(s) && isName(s[i]) {
			i++
		}
		if i == start {
			return t, 0, fmt.Errorf("bad attribute in <%s>: %.20q", t.name, s[i:])
		}
		name := strings.ToLower(s[start:i])
		value := ""
		if i < len(s) && s[i] == '=' {
			i++
			if i >= len(s) || (s[i] != '"' && s[i] != '\'') {
				return t, 0, fmt.Errorf("unquoted attribute %s in <%s>", name, t.name)
			}
			q := s[i]
			end := strings.IndexByte(s[i+1:], q)
			if end < 0 {
				return t, 0, fmt.Errorf("unterminated attribute %s in <%s>", name, t.name)
			}
			value = s[i+1 : i+1+end]
			i += end + 2
		}
		t.attrs[name] = value
	}
}

// checkSelfContained fails if the page would fetch anything: a script, a
// stylesheet link, a src or href that is not a data: URI or a fragment, or
// a url() in CSS.
func checkSelfContained(t *testing.T, page string, tags []htmlTag) {
	t.Helper()
	for _, tag := range tags {
		if tag.end {
			continue
		}
		if tag.name == "script" || tag.name == "link" || tag.name == "iframe" || tag.name == "object" {
			t.Errorf("the report has a <%s> element", tag.name)
		}
		for _, a := range []string{"src", "href", "srcset", "poster", "action"} {
			v, ok := tag.attrs[a]
			if !ok {
				continue
			}
			if !strings.HasPrefix(v, "data:") && !strings.HasPrefix(v, "#") {
				t.Errorf("<%s %s=%.60q> refers outside the page", tag.name, a, v)
			}
		}
	}
	for _, bad := range []string{"http://", "https://", "url(", "@import", `src="//`, `href="//`} {
		if strings.Contains(page, bad) {
			t.Errorf("the report contains %q", bad)
		}
	}
}

func TestScanHTML(t *testing.T) {
	good := `<!DOCTYPE html><html><head><style>p < q {}</style></head><body><p class="x">a &lt; b<br><img src="data:x" alt=""></p></body></html>`
	if _, err := scanHTML(good); err != nil {
		t.Errorf("scanHTML(good) = %v", err)
	}
	for _, bad := range []string{"<p><b></p></b>", "<p>", "<p>a < b</p>", `<p class="x>`, "<p class=x></p>", "</p>"} {
		if _, err := scanHTML(bad); err == nil {
			t.Errorf("scanHTML(%q) found no problem", bad)
		}
	}
}
