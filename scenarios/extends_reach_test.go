package scenarios_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/treatysim/treatysim/scenarios"
)

// secret is the content of a file outside the scenario's folder; no error
// may quote it.
const secret = "root:x:0:0:SECRET-LINE:/root:/bin/bash"

// reachFixture lays out a folder tree: root/top.toml is the scenario named
// on the command line, root/base.toml a valid base, root/sub/mid.toml a
// base in a subfolder, and outside/ a sibling of root holding a secret in
// a .toml and a non-.toml file.
func reachFixture(t *testing.T) (root, outside string) {
	t.Helper()
	dir := t.TempDir()
	root, outside = filepath.Join(dir, "root"), filepath.Join(dir, "outside")
	for _, d := range []string{root, filepath.Join(root, "sub"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, root, "base.toml", toyText(t))
	writeFile(t, outside, "secret.toml", secret+"\n")
	writeFile(t, outside, "shadow", secret+"\n")
	return root, outside
}

// mustNotLeak checks that an error does not quote the secret.
func mustNotLeak(t *testing.T, err error) {
	t.Helper()
	if err != nil && (strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "root:x")) {
		t.Errorf("the error quotes a file outside the scenario's folder:\n%v", err)
	}
}

// TestExtendsEscapingFolderRefused: extends may not climb out of the
// folder of the scenario named on the command line, whatever the target
// (issue 14, item 2); the message names the file, extends and what is
// allowed, and quotes nothing of the target.
func TestExtendsEscapingFolderRefused(t *testing.T) {
	root, _ := reachFixture(t)
	for _, ext := range []string{
		"../../../../../../etc/shadow",
		"../outside/secret.toml",
		"sub/../../outside/secret.toml",
		"../outside/shadow",
	} {
		t.Run(ext, func(t *testing.T) {
			top := writeFile(t, root, "top.toml", "extends = \""+ext+"\"\n")
			_, err := scenarios.Load(top)
			mustInvalid(t, err, top+": extends:", ext, "allowed: the name of a shipped scenario", "a relative path to a .toml file in the folder")
			mustNotLeak(t, err)
		})
	}
	t.Run("a subfolder's base may climb back to the top folder", func(t *testing.T) {
		writeFile(t, filepath.Join(root, "sub"), "mid.toml", "extends = \"../base.toml\"\n")
		top := writeFile(t, root, "top.toml", "extends = \"sub/mid.toml\"\n")
		if _, err := scenarios.Load(top); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("but not above the top file's folder", func(t *testing.T) {
		top := writeFile(t, filepath.Join(root, "sub"), "top.toml", "extends = \"../base.toml\"\n")
		_, err := scenarios.Load(top)
		mustInvalid(t, err, "extends", "leads out of the folder")
	})
}

// TestExtendsAbsolutePathRefused: an absolute extends was joined to the
// scenario's folder (<dir>/srv/scenarios/toy.toml); it is refused, even
// when it names a file inside the folder (issue 14, item 3).
func TestExtendsAbsolutePathRefused(t *testing.T) {
	root, _ := reachFixture(t)
	for _, ext := range []string{"/srv/scenarios/toy.toml", filepath.Join(root, "base.toml"), `\srv\toy.toml`} {
		top := writeFile(t, root, "top.toml", "extends = \""+strings.ReplaceAll(ext, `\`, `\\`)+"\"\n")
		_, err := scenarios.Load(top)
		mustInvalid(t, err, "extends", "is an absolute path", "a relative path to a .toml file")
	}
}

// TestExtendsSymlinkOutsideRefused: a .toml symbolic link in the folder
// that leads out of it (to /etc/passwd, or to a secret) is refused; one
// that stays inside is followed.
func TestExtendsSymlinkOutsideRefused(t *testing.T) {
	root, outside := reachFixture(t)
	for name, target := range map[string]string{
		"passwd.toml": "/etc/passwd",
		"secret.toml": filepath.Join(outside, "secret.toml"),
		"inside.toml": filepath.Join(root, "base.toml"),
	} {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(root, "linkdir")); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{"passwd.toml", "secret.toml", "linkdir/secret.toml"} {
		top := writeFile(t, root, "top.toml", "extends = \""+ext+"\"\n")
		_, err := scenarios.Load(top)
		mustInvalid(t, err, top+": extends:", "symbolic link", "leads out of the folder")
		mustNotLeak(t, err)
	}
	top := writeFile(t, root, "top.toml", "extends = \"inside.toml\"\n")
	if _, err := scenarios.Load(top); err != nil {
		t.Errorf("a link inside the folder: %v", err)
	}
	// A .toml link inside the folder to a file of another kind, and the
	// scenario named on the command line a .toml link to a secret.
	writeFile(t, root, "notes.txt", secret)
	if err := os.Symlink(filepath.Join(root, "notes.txt"), filepath.Join(root, "notes.toml")); err != nil {
		t.Fatal(err)
	}
	top = writeFile(t, root, "top.toml", "extends = \"notes.toml\"\n")
	_, err := scenarios.Load(top)
	mustInvalid(t, err, "extends", "a symbolic link to a file that is not a .toml file")
	mustNotLeak(t, err)
	link := filepath.Join(root, "link.toml")
	if err := os.Symlink(filepath.Join(outside, "shadow"), link); err != nil {
		t.Fatal(err)
	}
	_, err = scenarios.Load(link)
	mustInvalid(t, err, "link.toml:1:", "TOML syntax error", "not shown")
	mustNotLeak(t, err)
}

// TestExtendsNonScenarioRefused: extends names a .toml file (or a shipped
// scenario), a regular file; from a scenario given as text or a shipped
// one, only a shipped scenario.
func TestExtendsNonScenarioRefused(t *testing.T) {
	root, _ := reachFixture(t)
	writeFile(t, root, "notes.txt", secret)
	if err := os.Mkdir(filepath.Join(root, "dir.toml"), 0o755); err != nil {
		t.Fatal(err)
	}
	for ext, want := range map[string]string{
		"sub/notes.txt": "is not a .toml file",
		"./notes.txt":   "is not a .toml file",
		"dir.toml":      "is not a regular file",
	} {
		top := writeFile(t, root, "top.toml", "extends = \""+ext+"\"\n")
		_, err := scenarios.Load(top)
		mustInvalid(t, err, top+": extends:", want)
		mustNotLeak(t, err)
	}
	_, err := scenarios.Parse(brokenName, []byte("extends = \"base.toml\"\n"))
	mustInvalid(t, err, brokenName+": extends:", "may extend only a shipped scenario", "ahc")
}

// TestSyntaxErrorHidesNonScenarioText: a syntax error quotes the line only
// of a .toml file, and only printable text, cut around the column when the
// line is long; a file that is not a scenario is never quoted (issue 14,
// item 2).
func TestSyntaxErrorHidesNonScenarioText(t *testing.T) {
	dir := t.TempDir()
	passwd := writeFile(t, dir, "passwd", secret+"\n")
	_, err := scenarios.Load(passwd)
	msg := mustInvalid(t, err, passwd+":1:", "TOML syntax error", "not shown")
	mustNotLeak(t, err)
	if strings.Contains(msg, "\n") {
		t.Errorf("a non-.toml file's error has more than one line:\n%s", msg)
	}

	long := "title = \"" + strings.Repeat("x", 300) + "\" junk = 1"
	_, err = scenarios.Parse(brokenName, []byte(replace(t, toyText(t), `title = "Safeguards"`, long)))
	msg = mustInvalid(t, err, "TOML syntax error", "…")
	lines := strings.Split(msg, "\n")
	if len(lines) != 3 || len([]rune(lines[1])) > 90 || !strings.HasSuffix(lines[2], "^") {
		t.Fatalf("want the message, an excerpt of at most 80 runes and a caret; got:\n%s", msg)
	}
	if caret, text := strings.Index(lines[2], "^"), []rune(lines[1]); caret >= len(text) || !strings.HasPrefix(strings.TrimLeft(string(text[caret:]), " "), "junk") {
		t.Errorf("the caret is not under the error:\n%s", msg)
	}

	_, err = scenarios.Parse(brokenName, []byte(replace(t, toyText(t), "seed = 7", "seed = \x1b[31m = 7")))
	msg = mustInvalid(t, err, "TOML syntax error")
	if strings.Contains(msg, "\x1b") {
		t.Errorf("the error prints a control character: %q", msg)
	}
}

// TestExtendsChainBounded: a chain of files extending one another is
// bounded, each file being read whole.
func TestExtendsChainBounded(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "f0.toml", toyText(t))
	for k := 1; k <= scenarios.MaxExtendsChain; k++ {
		writeFile(t, dir, fmt.Sprintf("f%d.toml", k), fmt.Sprintf("extends = \"f%d.toml\"\n", k-1))
	}
	if _, err := scenarios.Load(filepath.Join(dir, fmt.Sprintf("f%d.toml", scenarios.MaxExtendsChain-1))); err != nil {
		t.Fatalf("a chain of %d files: %v", scenarios.MaxExtendsChain, err)
	}
	_, err := scenarios.Load(filepath.Join(dir, fmt.Sprintf("f%d.toml", scenarios.MaxExtendsChain)))
	mustInvalid(t, err, "f1.toml: extends: extends chains more than 8 files; the limit is 8 (docs/limits.md)")
}
