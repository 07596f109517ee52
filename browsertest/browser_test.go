package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browser is the one Chromium the tests share, started by the first test
// that needs it with a fresh profile, and ended by TestMain.
var browser struct {
	once   sync.Once
	ctx    context.Context
	cancel func()
	dir    string
	err    error
}

// chromium finds the browser: /usr/bin/chromium (Debian's package), else
// chromium or google-chrome on the PATH.
func chromium() (string, error) {
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium: neither /usr/bin/chromium nor chromium on the PATH")
}

// startBrowser returns the context of the shared headless Chromium.
// Without Chromium the test fails under CI (.ci/run installs it) and is
// skipped elsewhere.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	path, err := chromium()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v: CI must run the browser tests (.ci/run installs the chromium package)", err)
		}
		t.Skipf("%v: install the chromium package to run the browser tests", err)
	}
	browser.once.Do(func() {
		if browser.dir, browser.err = os.MkdirTemp("", "dossier-chromium-"); browser.err != nil {
			return
		}
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.UserDataDir(filepath.Join(browser.dir, "profile")))
		ctx, cancelBrowser := chromedp.NewContext(alloc)
		browser.ctx = ctx
		browser.cancel = func() { cancelBrowser(); cancelAlloc() }
		// The browser runs as long as the context of its first action.
		browser.err = chromedp.Do(ctx)
	})
	if browser.err != nil {
		t.Fatal(browser.err)
	}
	return browser.ctx
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
	}
	if browser.dir != "" {
		os.RemoveAll(browser.dir)
	}
	os.Exit(code)
}

// tab is a page of the browser with what it reported: console messages,
// exceptions and log entries, the dialogs it opened and the addresses it
// requested.
type tab struct {
	ctx                          context.Context
	mu                           sync.Mutex
	messages, dialogs, requested []string
}

// newTab opens a tab that the test closes when it ends.
func newTab(t *testing.T, browserCtx context.Context) *tab {
	t.Helper()
	tb := &tab{}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithListener(tb.listen))
	t.Cleanup(cancel)
	ctx, cancelTime := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelTime)
	tb.ctx = ctx
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	return tb
}

func (tb *tab) listen(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var args []string
		for _, a := range ev.Args {
			if a.Description != "" {
				args = append(args, a.Description)
			} else {
				args = append(args, strings.Trim(string(a.Value), `"`))
			}
		}
		tb.messages = append(tb.messages, "console."+string(ev.Type)+": "+strings.Join(args, " "))
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		tb.messages = append(tb.messages, "exception: "+msg)
	case *log.EventEntryAdded:
		tb.messages = append(tb.messages, "log "+string(ev.Entry.Level)+" "+string(ev.Entry.Source)+": "+ev.Entry.Text+" "+ev.Entry.URL)
	case *page.EventJavascriptDialogOpening:
		tb.dialogs = append(tb.dialogs, string(ev.Type)+": "+ev.Message)
		go chromedp.Do(tb.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
			return err
		}))
	case *network.EventRequestWillBeSent:
		tb.requested = append(tb.requested, ev.Request.URL)
	}
}

// reports returns copies of what the tab reported so far.
func (tb *tab) reports() (messages, dialogs, requested []string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.messages...), append([]string(nil), tb.dialogs...), append([]string(nil), tb.requested...)
}

func (tb *tab) open(t *testing.T, u string) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
}

// viewport sets the size of the tab's window; mobile emulates a phone.
func (tb *tab) viewport(t *testing.T, w, h int64, mobile bool) {
	t.Helper()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if mobile {
		opts = append(opts, chromedp.EmulateMobile)
	}
	if err := chromedp.Do(tb.ctx, chromedp.EmulateViewport(w, h, opts...)); err != nil {
		t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page into a value of T.
func eval[T any](t *testing.T, tb *tab, expr string) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// shot saves a screenshot of the viewport to path.
func (tb *tab) shot(t *testing.T, path string) {
	t.Helper()
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if len(png) < 8 || string(png[1:4]) != "PNG" {
		t.Fatalf("%s: not a PNG", path)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}

// artifacts is where screenshots go: $DOSSIER_ARTIFACTS, else a temporary
// folder of the test.
func artifacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("DOSSIER_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func fileURL(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		panic(err)
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

// waitFor polls cond for a few seconds: reports arrive after the load
// event.
func waitFor(cond func() bool) {
	for i := 0; i < 100 && !cond(); i++ {
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBrowserReportsProblems is the negative test of the page checks: a
// page that logs an error, throws, opens an alert, breaks its own
// Content-Security-Policy and asks for another file is seen doing each.
func TestBrowserReportsProblems(t *testing.T) {
	ctx := startBrowser(t)
	dir := t.TempDir()
	probe := filepath.Join(dir, "probe.html")
	html := `<!DOCTYPE html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'">
</head><body><p style="color: red">styled</p>
<img src="missing.png" alt="">
<script>console.error("probe error"); alert("probe alert"); throw new Error("probe throw");</script>
</body></html>`
	if err := os.WriteFile(probe, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, ctx)
	tb.open(t, fileURL(probe))
	wants := []string{"console.error: probe error", "probe throw", "style", "missing.png"}
	waitFor(func() bool {
		msgs, dialogs, _ := tb.reports()
		all := fmt.Sprint(msgs)
		for _, w := range wants {
			if !strings.Contains(all, w) {
				return false
			}
		}
		return len(dialogs) > 0
	})
	msgs, dialogs, requested := tb.reports()
	for _, want := range wants {
		if !strings.Contains(fmt.Sprint(msgs), want) {
			t.Errorf("no report of %q among %q", want, msgs)
		}
	}
	if len(dialogs) != 1 || dialogs[0] != "alert: probe alert" {
		t.Errorf("dialogs = %q, want the probe alert", dialogs)
	}
	if !strings.Contains(fmt.Sprint(requested), "missing.png") {
		t.Errorf("requests %q do not show missing.png", requested)
	}
}
