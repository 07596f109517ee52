package releasepage

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-data/dossier/datapackage"
	"github.com/dossier-data/dossier/internal/headless"
)

// browser is the one Chromium the tests of the package share, started by
// the first that needs it with a fresh profile, and ended by TestMain.
var browser struct {
	once sync.Once
	b    *headless.Browser
	dir  string
	err  error
}

// startBrowser returns the shared headless Chromium. Without Chromium the
// test fails under CI=true (.ci/run installs it) and is skipped elsewhere.
func startBrowser(t *testing.T) *headless.Browser {
	t.Helper()
	path, err := headless.Find()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: CI must run the browser tests (.ci/run installs the chromium package)", err)
		}
		t.Skipf("%v: install the chromium package to run the browser tests", err)
	}
	browser.once.Do(func() {
		browser.dir, browser.err = os.MkdirTemp("", "dossier-chromium-")
		if browser.err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		browser.b, browser.err = headless.Start(ctx, path, filepath.Join(browser.dir, "profile"))
	})
	if browser.err != nil {
		t.Fatal(browser.err)
	}
	return browser.b
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.b != nil {
		browser.b.Close()
	}
	if browser.dir != "" {
		os.RemoveAll(browser.dir)
	}
	os.Exit(code)
}

// newPage opens a tab that the test closes when it ends.
func newPage(t *testing.T, ctx context.Context, b *headless.Browser) *headless.Page {
	t.Helper()
	p, err := b.NewPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
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

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// TestBrowserReportsProblems is the negative test of the checks below: a
// page that logs an error, throws, opens an alert, breaks its own
// Content-Security-Policy and asks for another file is seen doing each.
func TestBrowserReportsProblems(t *testing.T) {
	b := startBrowser(t)
	ctx := testContext(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "probe.html")
	html := `<!DOCTYPE html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'">
</head><body><p style="color: red">styled</p>
<img src="missing.png" alt="">
<script>console.error("probe error"); alert("probe alert"); throw new Error("probe throw");</script>
</body></html>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	p := newPage(t, ctx, b)
	if err := p.Navigate(ctx, fileURL(page)); err != nil {
		t.Fatal(err)
	}
	wants := []string{"console.error: probe error", "probe throw", "style", "missing.png"}
	waitFor(t, func() bool {
		msgs := fmt.Sprint(p.Messages())
		for _, w := range wants {
			if !strings.Contains(msgs, w) {
				return false
			}
		}
		return len(p.Dialogs()) > 0
	})
	msgs := fmt.Sprint(p.Messages())
	for _, want := range wants {
		if !strings.Contains(msgs, want) {
			t.Errorf("no report of %q among %s", want, msgs)
		}
	}
	if d := p.Dialogs(); len(d) != 1 || d[0] != "alert: probe alert" {
		t.Errorf("dialogs = %q, want the probe alert", d)
	}
	if !strings.Contains(fmt.Sprint(p.Requests()), "missing.png") {
		t.Errorf("requests %q do not show missing.png", p.Requests())
	}
}

// waitFor polls cond for a few seconds: reports arrive after the load
// event.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 100 && !cond(); i++ {
		time.Sleep(50 * time.Millisecond)
	}
}

// TestPageInBrowser opens the page of the fixture release in Chromium, on
// a desktop and a phone viewport, and checks what a reader gets.
func TestPageInBrowser(t *testing.T) {
	dir, _ := fixtureRelease(t)
	if err := writePage(dir, Options{Schemas: testSchemas(t)}); err != nil {
		t.Fatal(err)
	}
	b := startBrowser(t)
	checkPage(t, b, dir, "fixture")
}

// checkPage opens dir/index.html and checks it; name prefixes the
// screenshots.
func checkPage(t *testing.T, b *headless.Browser, dir, name string) {
	ctx := testContext(t)
	p := newPage(t, ctx, b)
	if err := p.SetViewport(ctx, 1280, 800, false); err != nil {
		t.Fatal(err)
	}
	pageURL := fileURL(filepath.Join(dir, PageFile))
	if err := p.Navigate(ctx, pageURL); err != nil {
		t.Fatal(err)
	}
	out := artifacts(t)
	shot(t, ctx, p, filepath.Join(out, name+"-1280x800.png"), false)

	// Nothing logged, thrown or opened; nothing fetched but the page.
	time.Sleep(300 * time.Millisecond) // let late reports arrive
	if m := p.Messages(); len(m) > 0 {
		t.Errorf("the page reported %d messages:\n%v", len(m), m)
	}
	if d := p.Dialogs(); len(d) > 0 {
		t.Errorf("the page opened dialogs: %q", d)
	}
	for _, u := range p.Requests() {
		if u != pageURL {
			t.Errorf("the page requested %s", u)
		}
	}

	ds := readDataset(t, dir)
	dp := readDescriptor(t, dir)

	// Counts per table match dataset.json and the files datapackage.json
	// lists.
	var counts map[string]int
	eval(t, ctx, p, `Object.fromEntries([...document.querySelectorAll("[data-count]")].map(e => [e.dataset.count, +e.textContent]))`, &counts)
	var resourceRows = map[string]int{}
	for _, r := range dp.Resources {
		if n := rowsOf(t, filepath.Join(dir, string(r.Path))); n >= 0 {
			resourceRows[string(r.Path)] = n
		}
	}
	total := 0
	for table, rows := range ds {
		total += len(rows)
		if counts[table] != len(rows) {
			t.Errorf("page counts %d %s, dataset.json has %d", counts[table], table, len(rows))
		}
		for _, ext := range []string{".jsonl", ".csv"} {
			if n, ok := resourceRows[table+ext]; ok && n != counts[table] {
				t.Errorf("page counts %d %s, %s%s in datapackage.json has %d rows", counts[table], table, table, ext, n)
			}
		}
	}
	if len(counts) != len(ds) {
		t.Errorf("page counts tables %v, dataset.json has %d tables", counts, len(ds))
	}
	var shown int
	eval(t, ctx, p, `+document.getElementById("_records").textContent`, &shown)
	if shown != total {
		t.Errorf("page says %d records, the tables hold %d", shown, total)
	}
	var rows map[string]int
	eval(t, ctx, p, `Object.fromEntries([...document.querySelectorAll("[data-rows]")].map(e => [e.closest("tr").dataset.path, +e.dataset.rows]))`, &rows)
	if fmt.Sprint(rows) != fmt.Sprint(resourceRows) {
		t.Errorf("rows per file on the page %v, in the files of datapackage.json %v", rows, resourceRows)
	}

	// Every file of the descriptor is offered with its size and hash.
	var files map[string][2]string
	eval(t, ctx, p, `Object.fromEntries([...document.querySelectorAll("tr[data-path]")].map(e => [e.dataset.path, [e.dataset.bytes, e.querySelector(".hash").textContent]]))`, &files)
	for _, r := range dp.Resources {
		f, ok := files[string(r.Path)]
		if !ok {
			t.Errorf("%s is not in the downloads", r.Path)
			continue
		}
		if f[0] != fmt.Sprint(r.Bytes) || "sha256:"+f[1] != r.Hash {
			t.Errorf("%s: page shows %s bytes sha256:%s, datapackage.json %d bytes %s", r.Path, f[0], f[1], r.Bytes, r.Hash)
		}
	}
	if _, ok := files[PageFile]; ok {
		t.Errorf("the page lists itself among the downloads")
	}

	// Every record has its anchor; every link inside the page lands on
	// one; every link to a file finds the file.
	var ids []string
	eval(t, ctx, p, `[...document.querySelectorAll("[id]")].map(e => e.id)`, &ids)
	have := map[string]int{}
	for _, id := range ids {
		have[id]++
	}
	for table, recs := range ds {
		for _, r := range recs {
			id, _ := r["id"].(string)
			if have[id] != 1 {
				t.Errorf("%s record %s has %d elements with its id, want 1", table, id, have[id])
			}
		}
	}
	var hrefs []string
	eval(t, ctx, p, `[...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href"))`, &hrefs)
	for _, h := range hrefs {
		switch {
		case strings.HasPrefix(h, "#"):
			if have[h[1:]] == 0 {
				t.Errorf("link %s leads nowhere", h)
			}
		case strings.HasPrefix(h, "http://") || strings.HasPrefix(h, "https://"):
		default:
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(h))); err != nil {
				t.Errorf("link %q: %v", h, err)
			}
		}
	}
	// Every fact of an event, quote and figure cites a source record, and
	// the source's web address where it has one.
	sourceURL := map[string]string{}
	for _, s := range ds["sources"] {
		if u, _ := s["url"].(string); strings.HasPrefix(u, "http") {
			sourceURL[s["id"].(string)] = u
		}
	}
	for _, table := range []string{"events", "quotes", "figures"} {
		for _, r := range ds[table] {
			id := r["id"].(string)
			var links []string
			eval(t, ctx, p, `[...document.getElementById(`+jsString(id)+`).querySelectorAll(".cites a")].map(a => a.getAttribute("href"))`, &links)
			cites, _ := r["sources"].([]any)
			for _, c := range cites {
				src := c.(map[string]any)["source"].(string)
				if !contains(links, "#"+src) {
					t.Errorf("%s: no link to its source %s among %q", id, src, links)
				}
				if u := sourceURL[src]; u != "" && !contains(links, u) {
					t.Errorf("%s: no link to %s, the address of source %s", id, u, src)
				}
			}
		}
	}

	// Record text is text: the hostile fixture's markup shows as written,
	// and makes no element of its own.
	for table, recs := range ds {
		for _, r := range recs {
			for _, field := range []string{"text", "title", "summary", "name"} {
				s, _ := r[field].(string)
				if !strings.Contains(s, "<") {
					continue
				}
				var text string
				eval(t, ctx, p, `document.getElementById(`+jsString(r["id"].(string))+`).textContent`, &text)
				if !strings.Contains(text, s) {
					t.Errorf("%s %s: %s %q is not in the page as text", table, r["id"], field, s)
				}
			}
		}
	}
	var injected int
	eval(t, ctx, p, `document.querySelectorAll("script:not([type='application/ld+json']), img, iframe, object, embed, b, i, [onerror], [src], a[href^='javascript']").length`, &injected)
	if injected != 0 {
		t.Errorf("%d elements that no record may make are in the page", injected)
	}
	// The one data block describes the release to search engines.
	var ld struct {
		Type         string `json:"@type"`
		Name         string `json:"name"`
		Version      string `json:"version"`
		Distribution []struct {
			ContentURL string `json:"contentUrl"`
			SHA256     string `json:"sha256"`
		} `json:"distribution"`
	}
	eval(t, ctx, p, `(() => { const s = document.querySelectorAll("script"); return s.length == 1 ? JSON.parse(s[0].textContent) : null })()`, &ld)
	if ld.Type != "Dataset" || ld.Name != dp.Title || ld.Version != dp.Version {
		t.Errorf("JSON-LD: %+v; want a Dataset named %q, version %q", ld, dp.Title, dp.Version)
	}
	for _, d := range ld.Distribution {
		if f, ok := files[d.ContentURL]; !ok || f[1] != d.SHA256 {
			t.Errorf("JSON-LD download %s sha256 %s is not in the downloads", d.ContentURL, d.SHA256)
		}
	}
	if len(ld.Distribution) != len(files) {
		t.Errorf("JSON-LD lists %d downloads, the page %d", len(ld.Distribution), len(files))
	}

	// A phone: the page fits the width (only the timeline scrolls
	// sideways, inside its box) and its text stays readable.
	if err := p.SetViewport(ctx, 390, 844, true); err != nil {
		t.Fatal(err)
	}
	if err := p.Navigate(ctx, pageURL); err != nil {
		t.Fatal(err)
	}
	var phone struct {
		ScrollWidth, InnerWidth int
		FontSize                float64
		Wide                    []string
	}
	eval(t, ctx, p, `({ScrollWidth: document.documentElement.scrollWidth, InnerWidth: innerWidth,
		FontSize: parseFloat(getComputedStyle(document.querySelector("main p")).fontSize),
		Wide: [...document.querySelectorAll("main *")].filter(e => !e.closest(".scroll-x, .sections") && e.getBoundingClientRect().right > 391).slice(0, 8).map(e => e.tagName + "." + e.className + " " + (e.id || ""))})`, &phone)
	if phone.InnerWidth != 390 || phone.ScrollWidth > phone.InnerWidth {
		t.Errorf("on a phone the page is %d px wide in a %d px viewport; too wide: %q", phone.ScrollWidth, phone.InnerWidth, phone.Wide)
	}
	if len(phone.Wide) > 0 {
		t.Errorf("elements wider than a phone: %q", phone.Wide)
	}
	if phone.FontSize < 14 {
		t.Errorf("text is %.1f px on a phone", phone.FontSize)
	}
	shot(t, ctx, p, filepath.Join(out, name+"-390x844.png"), false)
	if m := p.Messages(); len(m) > 0 {
		t.Errorf("the page reported on a phone:\n%v", m)
	}
}

func shot(t *testing.T, ctx context.Context, p *headless.Page, path string, full bool) {
	t.Helper()
	png, err := p.Screenshot(ctx, full)
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

func eval(t *testing.T, ctx context.Context, p *headless.Page, expr string, out any) {
	t.Helper()
	if err := p.Eval(ctx, expr, out); err != nil {
		t.Fatal(err)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// readDataset reads the tables of dataset.json as generic records.
func readDataset(t *testing.T, dir string) map[string][]map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "dataset.json"))
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		t.Fatal(err)
	}
	out := map[string][]map[string]any{}
	for k, v := range top {
		var rows []map[string]any
		if json.Unmarshal(v, &rows) == nil {
			out[k] = rows
		}
	}
	keys := make([]string, 0, len(out))
	for k := range out {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if strings.Join(keys, " ") != "actors events figures places quotes sources" {
		t.Fatalf("dataset.json has tables %v", keys)
	}
	return out
}

func readDescriptor(t *testing.T, dir string) datapackage.Package {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p datapackage.Package
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// rowsOf counts the rows of a CSV or JSON Lines file on its own, without
// the package's code; -1 for other files.
func rowsOf(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	switch filepath.Ext(path) {
	case ".csv":
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return len(recs) - 1
	case ".jsonl":
		dec := json.NewDecoder(f)
		n := 0
		for {
			var v any
			if err := dec.Decode(&v); err == io.EOF {
				return n
			} else if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			n++
		}
	}
	return -1
}
