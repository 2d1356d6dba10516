// Package headless starts the headless Chromium that the browser tests of
// the classroom and of the report drive (through chromedp), or skips the
// test, with a message, where none is installed.
package headless

import (
	"context"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// Find returns the path of a Chromium or Chrome on PATH, or "".
func Find() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Start starts a browser with its own profile folder (so that its
// processes can be told apart) and a 1280x720 window, and returns its
// context, closed when the test ends. extra adds options (a language, for
// instance). It skips a short test, and a test on a machine with no
// Chromium.
func Start(t testing.TB, profile string, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	chrome := Find()
	if chrome == "" {
		t.Skip("no Chromium found (chromium, chromium-browser or google-chrome on PATH): the browser test is skipped; on Debian: apt-get install chromium")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.UserDataDir(profile),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1280, 720),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
	t.Cleanup(cancelAlloc)
	browser, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(browser); err != nil { // starts the browser, with no timeout
		t.Fatalf("start %s: %v", chrome, err)
	}
	return browser
}
