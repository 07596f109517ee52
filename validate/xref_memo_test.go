package validate

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/synth"
)

// TestXXH64 checks the digest against the published test vectors of XXH64.
func TestXXH64(t *testing.T) {
	for _, c := range []struct {
		in   string
		seed uint64
		want uint64
	}{
		{"", 0, 0xef46db3751d8e999},
		{"a", 0, 0xd24ec4f1a98c6e5b},
		{"abc", 0, 0x44bc2cf5ad770999},
		{"Nobody inspects the spammish repetition", 0, 0xfbcea83c8a378bf1},
	} {
		if got := xxh64(c.in, c.seed); got != c.want {
			t.Errorf("xxh64(%q, %d) = %#x, want %#x", c.in, c.seed, got, c.want)
		}
	}
}

// memoDataset generates a dataset of n records with faults of every rule
// into a temporary folder and returns its records folder.
func memoDataset(t *testing.T, n int, seed int64) string {
	t.Helper()
	dir := t.TempDir()
	var ids []string
	for _, r := range Rules() {
		ids = append(ids, r.ID)
	}
	if _, err := synth.Generate(dir, synth.Options{Records: n, Seed: seed, Faults: 3, FaultRules: ids, Jobs: 4}); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "records")
}

// crossReport loads root afresh and returns the text report of the load
// findings and of the cross-record pass under opts, with silences applied,
// as dossier validate prints it.
func crossReport(t *testing.T, root string, opts Options) (string, memoStats) {
	t.Helper()
	ds, diags, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return renderCross(t, ds, diags, opts)
}

// crossReports loads root afresh and returns the reports of a run with
// the memo (opts) and of one without.
func crossReports(t *testing.T, root string, opts Options) (memo, fresh string, st memoStats) {
	t.Helper()
	ds, diags, err := Load(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	memo, st = renderCross(t, ds, diags, opts)
	fresh, _ = renderCross(t, ds, diags, Options{})
	return memo, fresh, st
}

func renderCross(t *testing.T, ds *Dataset, load List, opts Options) (string, memoStats) {
	t.Helper()
	cross, st := ds.crossCheck(opts)
	diags := append(slices.Clone(load), cross...)
	ds.applyIgnores(&diags, opts)
	diags.Sort()
	var buf bytes.Buffer
	if err := WriteText(&buf, diags, NewSummary(ds, diags), OSSource); err != nil {
		t.Fatal(err)
	}
	return buf.String(), st
}

// TestMemoDifferential edits a dataset with faults at random, many times
// over, and after every edit compares the report of a run with the
// cross-record memo with that of a run without: they must be byte for byte
// the same, positions included.
func TestMemoDifferential(t *testing.T) {
	records, edits := 1000, 200
	if testing.Short() {
		records, edits = 600, 40
	}
	root := memoDataset(t, records, 3)
	cache := t.TempDir()
	memoOpts := Options{Cache: cache, Version: "test"}
	r := rand.New(rand.NewSource(11))
	ed := &editor{t: t, root: root, r: r}
	var total memoStats
	check := func(what string) {
		t.Helper()
		got, want, st := crossReports(t, root, memoOpts)
		if got != want {
			t.Fatalf("after %s: the report with the memo differs from the one without:\n%s", what, lineDiff(want, got))
		}
		total.kept += st.kept
		total.ran += st.ran
		total.sigHits += st.sigHits
	}
	if s, _ := crossReport(t, root, Options{}); !strings.Contains(s, "warning") || !strings.Contains(s, "error") {
		t.Fatal("the dataset has no findings; the test needs faults")
	}
	check("the first run")
	check("a run with nothing changed")
	counts := map[string]int{}
	for i := 0; i < edits; i++ {
		what := ed.edit()
		counts[strings.Fields(what)[0]]++
		check(fmt.Sprintf("edit %d (%s)", i, what))
	}
	t.Logf("edits: %v; rules kept %d times, run %d times; quote signatures reused %d times", counts, total.kept, total.ran, total.sigHits)
	if total.kept == 0 || total.ran == 0 || total.sigHits == 0 {
		t.Errorf("the memo was not exercised: kept %d, ran %d, signatures reused %d", total.kept, total.ran, total.sigHits)
	}
}

// TestMemoDamaged checks that a damaged or foreign memo file is a miss:
// the report is the one without the memo. Each round damages one of the
// two files, then changes a quote's text so that quote-duplicate runs and
// reads the signatures.
func TestMemoDamaged(t *testing.T) {
	root := memoDataset(t, 300, 5)
	cache := t.TempDir()
	opts := Options{Cache: cache, Version: "test"}
	if got, want, _ := crossReports(t, root, opts); got != want {
		t.Fatal("the first run with a memo differs")
	}
	r := rand.New(rand.NewSource(1))
	ed := &editor{t: t, root: root, r: r}
	for i := 0; i < 40; i++ {
		path := filepath.Join(cache, []string{memoFile, sigFile}[i/3%2])
		good, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		bad := bytes.Clone(good)
		switch i % 3 {
		case 0:
			bad = bad[:r.Intn(len(bad))]
		case 1:
			bad[r.Intn(len(bad))] ^= byte(1 + r.Intn(255))
		case 2:
			// a memo written under another version: foreign
			if _, _, st := crossReports(t, root, Options{Cache: cache, Version: "other"}); st.kept > 0 || st.sigHits > 0 {
				t.Fatal("a memo written under another version was used")
			}
		}
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		for ed.quoteText() == "" {
		}
		if got, want, _ := crossReports(t, root, opts); got != want {
			t.Fatalf("damage %d to %s: the report differs:\n%s", i, filepath.Base(path), lineDiff(want, got))
		}
	}
}

// lineDiff lists the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	in := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.Split(s, "\n") {
			m[l]++
		}
		return m
	}
	w, g := in(want), in(got)
	var out []string
	for l, n := range w {
		if g[l] < n {
			out = append(out, "- "+l)
		}
	}
	for l, n := range g {
		if w[l] < n {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	if len(out) > 40 {
		out = out[:40]
	}
	return strings.Join(out, "\n")
}

// editor makes random edits to the record files of a dataset.
type editor struct {
	t    *testing.T
	root string
	r    *rand.Rand
	n    int // edits made, for new IDs
}

var (
	topField = regexp.MustCompile(`^([a-z_]+): (.+)$`)
	yearRe   = regexp.MustCompile(`\b(1[89]|20)\d\d\b`)
)

func (e *editor) files(table string) []string {
	var out []string
	tables := []string{table}
	if table == "" {
		tables = []string{"events", "quotes", "figures", "actors", "places", "sources"}
	}
	for _, tb := range tables {
		names, _ := filepath.Glob(filepath.Join(e.root, tb, "*.yaml"))
		for _, n := range names {
			if fi, err := os.Lstat(n); err == nil && fi.Mode().IsRegular() {
				out = append(out, n) // not the folders and links faults make
			}
		}
	}
	sort.Strings(out)
	return out
}

func (e *editor) pick(table string) string {
	f := e.files(table)
	if len(f) == 0 {
		e.t.Fatalf("no files in %s", table)
	}
	return f[e.r.Intn(len(f))]
}

func (e *editor) read(p string) []string {
	b, err := os.ReadFile(p)
	if err != nil {
		e.t.Fatal(err)
	}
	return strings.Split(string(b), "\n")
}

func (e *editor) write(p string, lines []string) {
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// edit makes one random edit and says what it did.
func (e *editor) edit() string {
	e.n++
	for {
		var what string
		switch e.r.Intn(11) {
		case 0:
			what = e.fieldFromOther()
		case 1:
			what = e.quoteText()
		case 2:
			what = e.date()
		case 3:
			what = e.remove()
		case 4:
			what = e.copyRecord()
		case 5:
			what = e.rename()
		case 6:
			what = e.comments()
		case 7:
			what = e.figureValue()
		case 8:
			what = e.actorRoles()
		case 9:
			what = e.status()
		case 10:
			what = e.nearQuote()
		}
		if what != "" {
			return what
		}
	}
}

func rel(root, p string) string { r, _ := filepath.Rel(root, p); return r }

// fieldFromOther sets a top-level field of a record to the value the same
// field has in another record of the same kind.
func (e *editor) fieldFromOther() string {
	p := e.pick("")
	lines := e.read(p)
	var idx []int
	for i, l := range lines {
		if m := topField.FindStringSubmatch(l); m != nil && m[1] != "id" {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return ""
	}
	i := idx[e.r.Intn(len(idx))]
	key := topField.FindStringSubmatch(lines[i])[1]
	for try := 0; try < 20; try++ {
		other := e.pick(filepath.Base(filepath.Dir(p)))
		for _, l := range e.read(other) {
			if m := topField.FindStringSubmatch(l); m != nil && m[1] == key && l != lines[i] {
				lines[i] = l
				e.write(p, lines)
				return "field " + key + " of " + rel(e.root, p) + " from " + rel(e.root, other)
			}
		}
	}
	return ""
}

// quoteText changes one letter of a quote's text.
func (e *editor) quoteText() string {
	p := e.pick("quotes")
	lines := e.read(p)
	for i, l := range lines {
		if !strings.HasPrefix(l, "text: ") || len(l) < 12 {
			continue
		}
		b := []byte(l)
		for try := 0; try < 50; try++ {
			j := 6 + e.r.Intn(len(b)-6)
			if b[j] >= 'a' && b[j] <= 'z' {
				b[j] = 'a' + (b[j]-'a'+1+byte(e.r.Intn(25)))%26
				lines[i] = string(b)
				e.write(p, lines)
				return "text of " + rel(e.root, p)
			}
		}
	}
	return ""
}

// nearQuote gives a quote the text of another with one word changed.
func (e *editor) nearQuote() string {
	p, other := e.pick("quotes"), e.pick("quotes")
	var text string
	for _, l := range e.read(other) {
		if strings.HasPrefix(l, "text: ") {
			text = l
		}
	}
	words := strings.Fields(text)
	if len(words) < 8 {
		return ""
	}
	words[1+e.r.Intn(len(words)-1)] = "changed"
	lines := e.read(p)
	for i, l := range lines {
		if strings.HasPrefix(l, "text: ") {
			lines[i] = strings.Join(words, " ")
			e.write(p, lines)
			return "near text of " + rel(e.root, p) + " from " + rel(e.root, other)
		}
	}
	return ""
}

// date moves the year of a date (of the record or of an actor's role).
func (e *editor) date() string {
	p := e.pick("")
	lines := e.read(p)
	var idx []int
	for i, l := range lines {
		t := strings.TrimLeft(l, " -")
		if (strings.HasPrefix(t, "date:") || strings.HasPrefix(t, "published:") || strings.HasPrefix(t, "start_date:") || strings.HasPrefix(t, "end_date:")) && yearRe.MatchString(l) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return ""
	}
	i := idx[e.r.Intn(len(idx))]
	delta := e.r.Intn(61) - 30
	lines[i] = yearRe.ReplaceAllStringFunc(lines[i], func(y string) string {
		n, _ := strconv.Atoi(y)
		return strconv.Itoa(min(2030, max(1900, n+delta)))
	})
	e.write(p, lines)
	return "date of " + rel(e.root, p)
}

func (e *editor) remove() string {
	p := e.pick("")
	if err := os.Remove(p); err != nil {
		e.t.Fatal(err)
	}
	return "remove " + rel(e.root, p)
}

func (e *editor) withID(p, id string) []string {
	lines := e.read(p)
	for i, l := range lines {
		if strings.HasPrefix(l, "id: ") {
			lines[i] = "id: " + id
		}
	}
	return lines
}

func (e *editor) copyRecord() string {
	p := e.pick("")
	id := strings.TrimSuffix(filepath.Base(p), ".yaml") + "-copy" + strconv.Itoa(e.n)
	q := filepath.Join(filepath.Dir(p), id+".yaml")
	e.write(q, e.withID(p, id))
	return "copy " + rel(e.root, p) + " to " + id
}

func (e *editor) rename() string {
	p := e.pick("")
	id := "renamed-" + strconv.Itoa(e.n)
	lines := e.withID(p, id)
	q := filepath.Join(filepath.Dir(p), id+".yaml")
	if e.r.Intn(4) == 0 {
		q = p // the id only: id-filename
	}
	if err := os.Remove(p); err != nil {
		e.t.Fatal(err)
	}
	e.write(q, lines)
	return "rename " + rel(e.root, p) + " to " + id
}

func (e *editor) comments() string {
	p := e.pick("")
	lines := append([]string{"# a comment", "# and another, so that lines move"}, e.read(p)...)
	e.write(p, lines)
	return "comments atop " + rel(e.root, p)
}

func (e *editor) figureValue() string {
	p := e.pick("figures")
	lines := e.read(p)
	for i, l := range lines {
		if strings.HasPrefix(l, "value: ") {
			vals := []string{"-3", "0", "7", "12.5", "150", "438", "100000"}
			lines[i] = "value: " + vals[e.r.Intn(len(vals))]
			e.write(p, lines)
			return "value of " + rel(e.root, p)
		}
	}
	return ""
}

// actorRoles changes the title of one of an actor's roles to another's.
func (e *editor) actorRoles() string {
	p, other := e.pick("actors"), e.pick("actors")
	var titles []string
	for _, l := range e.read(other) {
		if strings.HasPrefix(strings.TrimLeft(l, " -"), "title: ") {
			titles = append(titles, strings.TrimLeft(l, " -"))
		}
	}
	lines := e.read(p)
	for i, l := range lines {
		if t := strings.TrimLeft(l, " -"); strings.HasPrefix(t, "title: ") {
			nt := "title: Chief of Staff"
			if len(titles) > 0 && e.r.Intn(2) == 0 {
				nt = titles[e.r.Intn(len(titles))]
			}
			lines[i] = l[:len(l)-len(t)] + nt
			e.write(p, lines)
			return "role of " + rel(e.root, p)
		}
	}
	return ""
}

// status withdraws a record (with or without the withdrawn block) or makes
// it active again.
func (e *editor) status() string {
	p := e.pick("")
	lines := e.read(p)
	for i, l := range lines {
		switch l {
		case "status: active":
			lines[i] = "status: withdrawn"
			if e.r.Intn(2) == 0 {
				lines = append(lines[:i+1], append([]string{"withdrawn:", "  reason: merged", "  successor: " + strings.TrimSuffix(filepath.Base(e.pick("")), ".yaml")}, lines[i+1:]...)...)
			}
		case "status: withdrawn":
			lines[i] = "status: active"
		default:
			continue
		}
		e.write(p, lines)
		return "status of " + rel(e.root, p)
	}
	return ""
}

// TestMemoQuoteDuplicateDifferential edits the quotes of a dataset at
// random in ways aimed at quote-duplicate (texts made equal to another's,
// near-duplicates, the first of a duplicate text changed or withdrawn so
// that another becomes first, quotes joining a crowd of alike texts whose
// buckets are full, quotes renamed to move in file order, speakers and IDs
// changed, status toggled, now and then a quote added or removed) and
// after every edit compares the report of a run with the memo with that of
// a run without: byte for byte the same. Most runs must have taken the
// incremental path (quoteDuplicatesSince).
func TestMemoQuoteDuplicateDifferential(t *testing.T) {
	for _, seed := range []int64{1, 2} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			records, edits := 1000, 120
			if testing.Short() {
				records, edits = 600, 40
			}
			root := memoDataset(t, records, 7+seed)
			opts := Options{Cache: t.TempDir(), Version: "test"}
			ed := &quoteEditor{editor{t: t, root: root, r: rand.New(rand.NewSource(seed))}}
			incremental, steps := 0, 0
			check := func(what string, wantIncremental bool) {
				t.Helper()
				before := quoteIncremental.Load()
				got, want, _ := crossReports(t, root, opts)
				if got != want {
					t.Fatalf("after %s: the report with the memo differs from the one without:\n%s", what, lineDiff(want, got))
				}
				took := quoteIncremental.Load() - before
				if took > 1 {
					t.Fatalf("after %s: the incremental path was counted %d times in one run", what, took)
				}
				if wantIncremental {
					steps++
					incremental += int(took)
				}
			}
			check("the first run", false)
			ed.crowd(100)
			check("a crowd of alike texts", true)
			counts := map[string]int{}
			for i := 0; i < edits; i++ {
				what, structural := ed.edit()
				counts[strings.Fields(what)[0]]++
				check(fmt.Sprintf("edit %d (%s)", i, what), !structural)
			}
			t.Logf("edits: %v; incremental in %d of %d runs after in-place edits", counts, incremental, steps)
			if incremental*10 < steps*8 {
				t.Errorf("the incremental path was taken in %d of %d runs after in-place edits; want most", incremental, steps)
			}
			s, _ := crossReport(t, root, Options{})
			if !strings.Contains(s, "quote-duplicate") {
				t.Error("the dataset ends with no quote-duplicate findings; the edits do not exercise the rule")
			}
		})
	}
}

// quoteEditor makes edits aimed at quote-duplicate.
type quoteEditor struct{ editor }

// crowdText is the start every crowd text shares, and crowdWords the
// words that end one: texts that differ in a word or two of their ending
// share some bands and not others, and their signatures agree on more or
// fewer minimums, so which quotes come first in a full bucket decides
// which are compared.
const crowdText = "The committee met again on the second day and heard every witness who had asked to speak about the flooding of the lower town and the roads closed since"

var crowdWords = strings.Fields("north south river bridge harbour market school station mill quarry chapel square")

// crowdVariant is a crowd text with an ending of its own (or a common one).
func (e *quoteEditor) crowdVariant() string {
	t := crowdText
	for i := 0; i < 2; i++ {
		t += " " + crowdWords[e.r.Intn(len(crowdWords))]
	}
	return t
}

func (e *quoteEditor) setLine(p, key, value string) bool {
	lines := e.read(p)
	for i, l := range lines {
		if strings.HasPrefix(l, key+": ") {
			lines[i] = key + ": " + value
			e.write(p, lines)
			return true
		}
	}
	return false
}

func (e *quoteEditor) line(p, key string) string {
	for _, l := range e.read(p) {
		if strings.HasPrefix(l, key+": ") {
			return strings.TrimPrefix(l, key+": ")
		}
	}
	return ""
}

// crowd gives n quotes crowd texts.
func (e *quoteEditor) crowd(n int) {
	for i := 0; i < n; i++ {
		e.setLine(e.pick("quotes"), "text", e.crowdVariant())
	}
}

// edit makes one edit and says what it did and whether it added, removed
// or renamed a quote (then the quotes are not the same ones at the same
// places).
func (e *quoteEditor) edit() (string, bool) {
	e.n++
	for {
		p := e.pick("quotes")
		switch e.r.Intn(10) {
		case 0: // the text of another quote
			if t := e.line(e.pick("quotes"), "text"); t != "" && e.setLine(p, "text", t) {
				return "same text as another in " + rel(e.root, p), false
			}
		case 1:
			if w := e.nearQuote(); w != "" {
				return w, false
			}
		case 2:
			if w := e.quoteText(); w != "" {
				return w, false
			}
		case 3: // withdraw or reinstate
			switch e.line(p, "status") {
			case "active":
				e.setLine(p, "status", "withdrawn")
			case "withdrawn":
				e.setLine(p, "status", "active")
			default:
				continue
			}
			return "status of " + rel(e.root, p), false
		case 4: // the first of a duplicate text changed, withdrawn or removed
			if w, structural := e.firstOfDuplicates(); w != "" {
				return w, structural
			}
		case 5: // join the crowd
			if e.setLine(p, "text", e.crowdVariant()) {
				return "crowd text in " + rel(e.root, p), false
			}
		case 6: // renamed to sort first or last: moves in file order
			name := "aa-moved-" + strconv.Itoa(e.n)
			if e.r.Intn(3) == 0 {
				name = "zz-moved-" + strconv.Itoa(e.n)
			}
			lines := e.withID(p, name)
			if err := os.Remove(p); err != nil {
				e.t.Fatal(err)
			}
			e.write(filepath.Join(filepath.Dir(p), name+".yaml"), lines)
			return "rename " + rel(e.root, p) + " to " + name, false
		case 7: // another speaker
			if s := e.line(e.pick("quotes"), "speaker"); s != "" && e.setLine(p, "speaker", s) {
				return "speaker of " + rel(e.root, p), false
			}
		case 8: // another ID, same file
			e.write(p, e.withID(p, "id-"+strconv.Itoa(e.n)))
			return "id of " + rel(e.root, p), false
		case 9: // a quote added or removed
			if e.r.Intn(2) == 0 {
				return e.remove(), true
			}
			id := "copied-" + strconv.Itoa(e.n)
			e.write(filepath.Join(filepath.Dir(p), id+".yaml"), e.withID(p, id))
			return "copy " + rel(e.root, p) + " to " + id, true
		}
	}
}

// firstOfDuplicates finds the quotes sharing a text and changes the first
// of them in file order: its text, its status, or (now and then) its file
// removed.
func (e *quoteEditor) firstOfDuplicates() (string, bool) {
	by := map[string][]string{}
	var texts []string
	for _, p := range e.files("quotes") {
		t := strings.ToLower(e.line(p, "text"))
		if t == "" || e.line(p, "status") == "withdrawn" {
			continue
		}
		if len(by[t]) == 1 {
			texts = append(texts, t)
		}
		by[t] = append(by[t], p)
	}
	if len(texts) == 0 {
		return "", false
	}
	p := by[texts[e.r.Intn(len(texts))]][0]
	switch e.r.Intn(5) {
	case 0, 1:
		e.setLine(p, "text", "A text of its own, number "+strconv.Itoa(e.n)+", said once and never again by anyone else")
		return "new text for the first of duplicates " + rel(e.root, p), false
	case 2, 3:
		e.setLine(p, "status", "withdrawn")
		return "withdraw the first of duplicates " + rel(e.root, p), false
	default:
		if err := os.Remove(p); err != nil {
			e.t.Fatal(err)
		}
		return "remove the first of duplicates " + rel(e.root, p), true
	}
}
