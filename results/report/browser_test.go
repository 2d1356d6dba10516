package report

// The browser test: the flagship's single-run report.html opened in a
// real, headless Chromium at a projector's 1280x720 and a phone's 390x844.
// On the projector every figure fits the screen whole, with its title
// above it and under the contents bar; on the phone nothing scrolls
// sideways but the tables in their boxes; every image loads and the page
// writes nothing to the console.
//
// It skips when no Chromium is installed. With TREATYSIM_SCREENSHOTS=1 it
// writes the top screen of each to docs/img/report-1280x720.png and
// docs/img/report-390.png.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/treatysim/treatysim/internal/headless"
)

// pageLayout is what the page measures of itself in the browser.
type pageLayout struct {
	ScrollWidth, ClientWidth, InnerHeight, NavHeight float64
	Figures                                          []figureLayout
}

// figureLayout is one figure: its image's size, whether it loaded, and
// the height from the top of its title to the bottom of its image.
type figureLayout struct {
	ID                 string
	Width, Height      float64
	WithTitle          float64
	Complete           bool
	NaturalWidth       float64
	OverflowsItsFigure bool
}

// measureJS measures the page as laid out in the current viewport.
const measureJS = `(() => {
  const nav = document.querySelector("nav.toc");
  const navStyle = nav ? getComputedStyle(nav) : null;
  return {
    ScrollWidth: document.documentElement.scrollWidth,
    ClientWidth: document.documentElement.clientWidth,
    InnerHeight: window.innerHeight,
    NavHeight: nav && navStyle.position === "sticky" ? nav.getBoundingClientRect().height : 0,
    Figures: Array.from(document.querySelectorAll("figure")).map(f => {
      const img = f.querySelector("img"), r = img.getBoundingClientRect();
      const title = f.querySelector(".ftitle") || img;
      return {ID: f.id, Width: r.width, Height: r.height,
        WithTitle: r.bottom - title.getBoundingClientRect().top,
        Complete: img.complete, NaturalWidth: img.naturalWidth,
        OverflowsItsFigure: r.width > f.getBoundingClientRect().width + 0.5};
    }),
  };
})()`

func TestBrowserReport(t *testing.T) {
	ctx := headless.Start(t, t.TempDir())
	d := flagshipRunData(t)
	plots, err := Plots(d, PlotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	page, err := Report(d, plots)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var console []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning {
				mu.Lock()
				console = append(console, m.String())
				mu.Unlock()
			}
		}
	}()

	for _, vp := range []struct {
		name   string
		w, h   int64
		mobile bool
		shot   string
	}{
		{"projector", 1280, 720, false, "report-1280x720.png"},
		{"phone", 390, 844, true, "report-390.png"},
	} {
		t.Run(vp.name, func(t *testing.T) {
			step := func(what string, actions ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
				defer cancel()
				if err := chromedp.Do(sctx, actions...); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
			viewport := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
			if vp.mobile {
				viewport = append(viewport, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch)
			}
			step("set the viewport", chromedp.EmulateViewport(vp.w, vp.h, viewport...))
			step("open the report", chromedp.Navigate("file://"+file))
			step("wait for the images", chromedp.Poll[chromedp.Void](
				`Array.from(document.images).every(i => i.complete)`, chromedp.WithPollingTimeout(30*time.Second)))
			mctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			l, err := chromedp.Run(mctx, chromedp.Evaluate[pageLayout](measureJS))
			cancel()
			if err != nil {
				t.Fatalf("measure the page: %v", err)
			}
			checkLayout(t, vp.w, vp.h, l)

			if os.Getenv("TREATYSIM_SCREENSHOTS") == "1" {
				step("scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), chromedp.Sleep(300*time.Millisecond))
				sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
				cancel()
				if err != nil {
					t.Fatalf("screenshot: %v", err)
				}
				path := filepath.Join("..", "..", "docs", "img", vp.shot)
				if err := os.WriteFile(path, png, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s", path)
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	for _, m := range console {
		t.Errorf("the console says: %s", m)
	}
}

// checkLayout checks what the page measured in a viewport of w x h: no
// sideways scrolling, every image loaded and, on a screen as wide as a
// projector's, every figure whole under the contents bar.
func checkLayout(t *testing.T, w, h int64, l pageLayout) {
	t.Helper()
	t.Logf("%dx%d: page %.0f px wide in a window of %.0f; %d figures; contents bar %.0f px", w, h, l.ScrollWidth, l.ClientWidth, len(l.Figures), l.NavHeight)
	if l.ScrollWidth > l.ClientWidth {
		t.Errorf("%dx%d: the page scrolls sideways: %.0f px wide in a window of %.0f", w, h, l.ScrollWidth, l.ClientWidth)
	}
	if len(l.Figures) == 0 {
		t.Fatal("the report has no figures")
	}
	var sizes []string
	tallest := 0.0 // with its title
	for _, f := range l.Figures {
		tallest = max(tallest, f.WithTitle)
		sizes = append(sizes, fmt.Sprintf("%s %.0fx%.0f", f.ID, f.Width, f.Height))
		if !f.Complete || f.NaturalWidth == 0 {
			t.Errorf("%s: the image did not load", f.ID)
		}
		if f.OverflowsItsFigure {
			t.Errorf("%dx%d: %s: the image (%.0f px) is wider than its figure", w, h, f.ID, f.Width)
		}
		if w < 1000 {
			continue
		}
		if f.Height > float64(h) {
			t.Errorf("%dx%d: %s: the image is %.0f px high, more than the screen", w, h, f.ID, f.Height)
		}
		if f.WithTitle+l.NavHeight > float64(h) {
			t.Errorf("%dx%d: %s: with its title and the contents bar the figure is %.0f px high, more than the screen", w, h, f.ID, f.WithTitle+l.NavHeight)
		}
	}
	t.Logf("%dx%d: images (width x height): %s; the tallest figure with its title: %.0f px", w, h, strings.Join(sizes, ", "), tallest)
}
