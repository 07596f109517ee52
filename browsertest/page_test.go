package browsertest

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/datapackage"
	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/release"
	"github.com/dossier-data/dossier/releasepage"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate"
)

// build compiles a records folder into a fresh dist, as dossier build does,
// and returns the release.
func build(t *testing.T, records, configFile string) *release.Release {
	t.Helper()
	cfg, _, err := config.Read(filepath.Dir(configFile), validate.Rules())
	if err != nil {
		t.Fatal(err)
	}
	rel, diags, err := release.Build(release.Options{
		Meta:    release.Meta{Dataset: cfg.Dataset, Version: "9.9.9", Created: time.Unix(1700000000, 0).UTC(), Tool: "browsertest"},
		Records: records,
		Dist:    t.TempDir(),
	})
	if err != nil {
		t.Fatalf("build %s: %v\n%v", records, err, diags)
	}
	return rel
}

// TestReleasePage builds the release of the dataset's records/ and opens
// its page as a reader would: the page of a release as published, with its
// archive beside its folder.
func TestReleasePage(t *testing.T) {
	ctx := startBrowser(t)
	rel := build(t, "../records", "../dossier.yaml")
	checkPage(t, ctx, rel.Dir, "release", release.OneLiners(&rel.Meta), true)
}

// TestCompilerFixturePage opens the page of the release compiler's fixture,
// whose records hold text a spreadsheet would take for a formula.
func TestCompilerFixturePage(t *testing.T) {
	ctx := startBrowser(t)
	rel := build(t, "../release/testdata/fixture/records", "../release/testdata/fixture/dossier.yaml")
	checkPage(t, ctx, rel.Dir, "compiler-fixture", release.OneLiners(&rel.Meta), true)
}

// TestHostileFixturePage renders the release page's own fixture, a release
// folder whose records hold markup and script, and opens it.
func TestHostileFixturePage(t *testing.T) {
	ctx := startBrowser(t)
	data, err := os.ReadFile("../releasepage/testdata/release.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "harbour-1.2.0")
	golden.Parse(data).Extract(t, dir)
	set, err := schemas.Load(schemas.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	queries := release.OneLiners(&release.Meta{Dataset: config.Dataset{Name: "harbour"}})
	var b bytes.Buffer
	if err := releasepage.RenderFS(&b, os.DirFS(dir), releasepage.Options{Schemas: set, Queries: pageQueries(queries)}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, releasepage.PageFile), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	checkPage(t, ctx, dir, "hostile-fixture", queries, false)
}

func pageQueries(ones []release.OneLiner) []releasepage.Query {
	var out []releasepage.Query
	for _, o := range ones {
		out = append(out, releasepage.Query{Tool: o.Tool, Over: o.Over, Question: o.Question, Command: o.Command})
	}
	return out
}

// pageCheck is what the checks of one page share.
type pageCheck struct {
	t       *testing.T
	tb      *tab
	dir     string
	ds      map[string][]map[string]any
	dp      datapackage.Package
	files   map[string][2]string // path -> bytes, sha256 as the page lists them
	archive bool                 // the release's archive sits beside its folder
}

// checkPage opens dir/index.html on a desktop and on a phone, takes a
// screenshot of each (name prefixes them), and checks what a reader gets.
// queries are the one-liners the page must offer, word for word.
func checkPage(t *testing.T, ctx context.Context, dir, name string, queries []release.OneLiner, archive bool) {
	c := &pageCheck{t: t, dir: dir, archive: archive}
	c.tb = newTab(t, ctx)
	c.tb.viewport(t, 1280, 900, false)
	pageURL := fileURL(filepath.Join(dir, releasepage.PageFile))
	c.tb.open(t, pageURL)
	out := artifacts(t)
	c.tb.shot(t, filepath.Join(out, name+"-1280x900.png"))
	time.Sleep(300 * time.Millisecond) // let late reports arrive
	c.quiet(pageURL)
	c.ds = readDataset(t, dir)
	c.dp = readDescriptor(t, dir)
	c.counts()
	c.downloads()
	c.order()
	c.links()
	c.citations()
	c.recordText()
	c.linkedData()
	c.timeline()
	c.queries(queries)
	c.phone(pageURL, filepath.Join(out, name+"-390x844.png"))
}

// quiet: nothing logged, thrown or opened; nothing fetched but the page.
func (c *pageCheck) quiet(pageURL string) {
	msgs, dialogs, requested := c.tb.reports()
	if len(msgs) > 0 {
		c.t.Errorf("the page reported %d messages:\n%q", len(msgs), msgs)
	}
	if len(dialogs) > 0 {
		c.t.Errorf("the page opened dialogs: %q", dialogs)
	}
	for _, u := range requested {
		if u != pageURL {
			c.t.Errorf("the page requested %s", u)
		}
	}
}

// counts: the counts per table match dataset.json and the rows of the
// files datapackage.json lists.
func (c *pageCheck) counts() {
	t := c.t
	counts := eval[map[string]int](t, c.tb, `Object.fromEntries([...document.querySelectorAll("[data-count]")].map(e => [e.dataset.count, +e.textContent]))`)
	resourceRows := map[string]int{}
	for _, r := range c.dp.Resources {
		if n := rowsOf(t, filepath.Join(c.dir, string(r.Path))); n >= 0 {
			resourceRows[string(r.Path)] = n
		}
	}
	total := 0
	for table, rows := range c.ds {
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
	if len(counts) != len(c.ds) {
		t.Errorf("page counts tables %v, dataset.json has %d tables", counts, len(c.ds))
	}
	if shown := eval[int](t, c.tb, `+document.getElementById("_records").textContent`); shown != total {
		t.Errorf("page says %d records, the tables hold %d", shown, total)
	}
	rows := eval[map[string]int](t, c.tb, `Object.fromEntries([...document.querySelectorAll("[data-rows]")].map(e => [e.closest("tr").dataset.path, +e.dataset.rows]))`)
	if fmt.Sprint(rows) != fmt.Sprint(resourceRows) {
		t.Errorf("rows per file on the page %v, in the files of datapackage.json %v", rows, resourceRows)
	}
}

// downloads: every file of the descriptor is offered with its size and
// hash; the archive comes first; each table has one row with a link to
// each of its files and to the database.
func (c *pageCheck) downloads() {
	t := c.t
	c.files = eval[map[string][2]string](t, c.tb, `Object.fromEntries([...document.querySelectorAll("tr[data-path]")].map(e => [e.dataset.path, [e.dataset.bytes, e.querySelector(".hash").textContent]]))`)
	for _, r := range c.dp.Resources {
		f, ok := c.files[string(r.Path)]
		if !ok {
			t.Errorf("%s is not in the downloads", r.Path)
			continue
		}
		if f[0] != fmt.Sprint(r.Bytes) || "sha256:"+f[1] != r.Hash {
			t.Errorf("%s: page shows %s bytes sha256:%s, datapackage.json %d bytes %s", r.Path, f[0], f[1], r.Bytes, r.Hash)
		}
	}
	if _, ok := c.files[releasepage.PageFile]; ok {
		t.Errorf("the page lists itself among the downloads")
	}
	first := eval[string](t, c.tb, `document.querySelector("#_downloads h2 + *").querySelector("a").getAttribute("href")`)
	if want := "../" + c.dp.Name + "-" + c.dp.Version + ".tar.gz"; first != want {
		t.Errorf("the first download is %q, want the archive %q", first, want)
	}
	tables := eval[map[string][]string](t, c.tb, `Object.fromEntries([...document.querySelectorAll("tr[data-table]")].map(e => [e.dataset.table, [...e.querySelectorAll("a")].map(a => a.getAttribute("href"))]))`)
	var db string
	listed := map[string]bool{}
	for _, r := range c.dp.Resources {
		listed[string(r.Path)] = true
		if r.Format == "sqlite" {
			db = string(r.Path)
		}
	}
	for _, r := range c.dp.Resources {
		base, ok := strings.CutSuffix(string(r.Path), ".csv")
		if !ok {
			continue
		}
		var want []string
		for _, ext := range []string{".csv", ".parquet", ".jsonl"} {
			if listed[base+ext] {
				want = append(want, base+ext)
			}
		}
		if db != "" {
			want = append(want, db)
		}
		if got := tables[base]; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("downloads row of %s links %q, want %q", base, got, want)
		}
	}
}

// order: the timeline comes right after the summary, the downloads after
// it, then the one-liners.
func (c *pageCheck) order() {
	got := eval[[]string](c.t, c.tb, `[...document.querySelectorAll("main > section")].map(s => s.id)`)
	want := []string{"_summary", "_timeline", "_downloads", "_query"}
	if len(got) < 4 || fmt.Sprint(got[:4]) != fmt.Sprint(want) {
		c.t.Errorf("the page's sections begin %q, want %q", got, want)
	}
}

// links: every record has its anchor; every link inside the page lands on
// one; every link to a file finds the file.
func (c *pageCheck) links() {
	t := c.t
	have := map[string]int{}
	for _, id := range eval[[]string](t, c.tb, `[...document.querySelectorAll("[id]")].map(e => e.id)`) {
		have[id]++
	}
	for table, recs := range c.ds {
		for _, r := range recs {
			id, _ := r["id"].(string)
			if have[id] != 1 {
				t.Errorf("%s record %s has %d elements with its id, want 1", table, id, have[id])
			}
		}
	}
	archive := "../" + c.dp.Name + "-" + c.dp.Version + ".tar.gz"
	for _, h := range eval[[]string](t, c.tb, `[...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href"))`) {
		switch {
		case strings.HasPrefix(h, "#"):
			if have[h[1:]] == 0 {
				t.Errorf("link %s leads nowhere", h)
			}
		case strings.HasPrefix(h, "http://") || strings.HasPrefix(h, "https://"):
		case h == archive && !c.archive: // a folder rendered on its own has no archive beside it
		default:
			if _, err := os.Stat(filepath.Join(c.dir, filepath.FromSlash(h))); err != nil {
				t.Errorf("link %q: %v", h, err)
			}
		}
	}
}

// citations: every event, quote and figure links its source records, and
// each source's web address where it has one.
func (c *pageCheck) citations() {
	sourceURL := map[string]string{}
	for _, s := range c.ds["sources"] {
		if u, _ := s["url"].(string); strings.HasPrefix(u, "http") {
			sourceURL[s["id"].(string)] = u
		}
	}
	for _, table := range []string{"events", "quotes", "figures"} {
		for _, r := range c.ds[table] {
			id := r["id"].(string)
			links := eval[[]string](c.t, c.tb, `[...document.getElementById(`+jsString(id)+`).querySelectorAll(".cites a")].map(a => a.getAttribute("href"))`)
			cites, _ := r["sources"].([]any)
			for _, ci := range cites {
				src := ci.(map[string]any)["source"].(string)
				if !contains(links, "#"+src) {
					c.t.Errorf("%s: no link to its source %s among %q", id, src, links)
				}
				if u := sourceURL[src]; u != "" && !contains(links, u) {
					c.t.Errorf("%s: no link to %s, the address of source %s", id, u, src)
				}
			}
		}
	}
}

// recordText: markup in a record shows as written and makes no element of
// its own.
func (c *pageCheck) recordText() {
	t := c.t
	for table, recs := range c.ds {
		for _, r := range recs {
			for _, field := range []string{"text", "title", "summary", "name"} {
				s, _ := r[field].(string)
				if !strings.Contains(s, "<") {
					continue
				}
				text := eval[string](t, c.tb, `document.getElementById(`+jsString(r["id"].(string))+`).textContent`)
				if !strings.Contains(text, s) {
					t.Errorf("%s %s: %s %q is not in the page as text", table, r["id"], field, s)
				}
			}
		}
	}
	injected := eval[int](t, c.tb, `document.querySelectorAll("script:not([type='application/ld+json']), img, iframe, object, embed, b, i, [onerror], [src], a[href^='javascript']").length`)
	if injected != 0 {
		t.Errorf("%d elements that no record may make are in the page", injected)
	}
	if csp := eval[string](t, c.tb, `document.querySelector("meta[http-equiv='Content-Security-Policy']").content`); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
}

// linkedData: the one data block describes the release to search engines.
func (c *pageCheck) linkedData() {
	type ldDownload struct {
		ContentURL string `json:"contentUrl"`
		SHA256     string `json:"sha256"`
	}
	type ld struct {
		Type         string       `json:"@type"`
		Name         string       `json:"name"`
		Version      string       `json:"version"`
		Distribution []ldDownload `json:"distribution"`
	}
	got := eval[ld](c.t, c.tb, `(() => { const s = document.querySelectorAll("script"); return s.length == 1 ? JSON.parse(s[0].textContent) : null })()`)
	if got.Type != "Dataset" || got.Name != c.dp.Title || got.Version != c.dp.Version {
		c.t.Errorf("JSON-LD: %+v; want a Dataset named %q, version %q", got, c.dp.Title, c.dp.Version)
	}
	for _, d := range got.Distribution {
		if f, ok := c.files[d.ContentURL]; !ok || f[1] != d.SHA256 {
			c.t.Errorf("JSON-LD download %s sha256 %s is not in the downloads", d.ContentURL, d.SHA256)
		}
	}
	if len(got.Distribution) != len(c.files) {
		c.t.Errorf("JSON-LD lists %d downloads, the page %d", len(got.Distribution), len(c.files))
	}
}

// timeline: each drawn event has its date on its row.
func (c *pageCheck) timeline() {
	rows := eval[[]string](c.t, c.tb, `[...document.querySelectorAll(".tl-wide a.ev")].map(a => a.querySelector("text.date").textContent)`)
	if len(c.ds["events"]) > 0 && len(rows) == 0 {
		c.t.Error("the timeline draws no event")
	}
	for i, d := range rows {
		if strings.TrimSpace(d) == "" {
			c.t.Errorf("timeline row %d has no date", i)
		}
	}
}

// queries: the page offers the one-liners, word for word.
func (c *pageCheck) queries(want []release.OneLiner) {
	got := eval[[]string](c.t, c.tb, `[...document.querySelectorAll("#_query pre code")].map(e => e.textContent)`)
	if len(got) != len(want) {
		c.t.Fatalf("the page shows %d one-liners, want %d", len(got), len(want))
	}
	for i, o := range want {
		if got[i] != o.Command {
			c.t.Errorf("one-liner %d on the page:\n%s\nwant:\n%s", i, got[i], o.Command)
		}
	}
}

// phone: the page fits a phone's width (only boxes made to scroll scroll
// sideways), its text stays readable, and its navigation wraps in view.
func (c *pageCheck) phone(pageURL, shot string) {
	t := c.t
	c.tb.viewport(t, 390, 844, true)
	c.tb.open(t, pageURL)
	type phone struct {
		ScrollWidth, InnerWidth int
		FontSize                float64
		Wide                    []string
		NavHidden               []string
	}
	p := eval[phone](t, c.tb, `({ScrollWidth: document.documentElement.scrollWidth, InnerWidth: innerWidth,
		FontSize: parseFloat(getComputedStyle(document.querySelector("main p")).fontSize),
		Wide: [...document.querySelectorAll("main *")].filter(e => !e.closest(".scroll-x") && e.getBoundingClientRect().right > 391).slice(0, 8).map(e => e.tagName + "." + e.className + " " + (e.id || "")),
		NavHidden: [...document.querySelectorAll(".sections a")].filter(a => { const r = a.getBoundingClientRect(); return r.right > innerWidth || r.left < 0 || r.width == 0 }).map(a => a.textContent)})`)
	if p.InnerWidth != 390 || p.ScrollWidth > p.InnerWidth {
		t.Errorf("on a phone the page is %d px wide in a %d px viewport; too wide: %q", p.ScrollWidth, p.InnerWidth, p.Wide)
	}
	if len(p.Wide) > 0 {
		t.Errorf("elements wider than a phone: %q", p.Wide)
	}
	if p.FontSize < 14 {
		t.Errorf("text is %.1f px on a phone", p.FontSize)
	}
	if len(p.NavHidden) > 0 {
		t.Errorf("on a phone the navigation hides %q", p.NavHidden)
	}
	c.tb.shot(t, shot)
	if msgs, _, _ := c.tb.reports(); len(msgs) > 0 {
		t.Errorf("the page reported on a phone:\n%q", msgs)
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
	b, err := os.ReadFile(filepath.Join(dir, datapackage.File))
	if err != nil {
		t.Fatal(err)
	}
	p, err := datapackage.Read(b)
	if err != nil {
		t.Fatal(err)
	}
	return *p
}

// rowsOf counts the rows of a CSV or JSON Lines file on its own, without
// the product's code; -1 for other files.
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
