package lsp

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/rules"
)

// TestScopeKnowsEveryRule fails when a rule across records is added that
// the incremental path has not been thought through for (scope.go).
func TestScopeKnowsEveryRule(t *testing.T) {
	if !covered() {
		t.Fatal("a rule of rules.Catalog has a reach the incremental path does not cover (scope.go, covered)")
	}
}

// editor holds the texts of a dataset's files as the server would see
// them: on disk, or in an editor's buffer when open.
type editor struct{ bufs map[string][]byte }

func (e *editor) open(file string) []byte { return e.bufs[file] }
func (e *editor) paths() []string {
	var out []string
	for p := range e.bufs {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func newDataset(t testing.TB, root string, ed *editor) *dataset {
	t.Helper()
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	ds := &dataset{root: root, set: set, open: ed.open, jobs: 2}
	if err := ds.load(ed.paths()); err != nil {
		t.Fatal(err)
	}
	ds.prepare()
	return ds
}

// everyFinding returns the findings of every file of a dataset, as the
// server would publish them.
func everyFinding(ds *dataset) map[string]string {
	out := map[string]string{}
	for p := range ds.files {
		out[p] = ""
	}
	for p := range ds.listed {
		out[p] = ""
	}
	for p := range out {
		var b strings.Builder
		for _, d := range ds.findings(p) {
			fmt.Fprintf(&b, "%s %s %s\n", d, d.Pointer, d.Hint)
		}
		out[p] = b.String()
	}
	return out
}

// TestScopeDifferential edits a dataset at random, as a contributor and
// git would (IDs, references, texts, dates, statuses, figures, loops of
// links, broken YAML, files added, copied, moved and deleted), and after
// each edit compares the findings of every file after the incremental
// path with those of a whole new check of the same files.
func TestScopeDifferential(t *testing.T) {
	for _, c := range []struct {
		name  string
		steps int
		make  func(t *testing.T) string
	}{
		{"repository", 150, func(t *testing.T) string { return testDataset(t) }},
		{"synthetic", 150, func(t *testing.T) string {
			dir := t.TempDir()
			var ids []string
			for _, r := range rules.Catalog {
				ids = append(ids, r.Doc().ID)
			}
			if _, err := synth.Generate(dir, synth.Options{Records: 600, Seed: 3, Faults: 2, FaultRules: ids}); err != nil {
				t.Fatal(err)
			}
			crowd(t, dir)
			return dir
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			root := c.make(t)
			ed := &editor{bufs: map[string][]byte{}}
			ds := newDataset(t, root, ed)
			rng := rand.New(rand.NewPCG(1, uint64(len(c.name))))
			m := mutator{t: t, root: root, ed: ed, ds: ds, rng: rng}
			incremental := 0
			for step := range c.steps {
				files, relist, what := m.edit()
				_, all := ds.update(files, ed.paths(), relist)
				if !all {
					incremental++
				}
				got := everyFinding(ds)
				want := everyFinding(newDataset(t, root, ed))
				for _, p := range sortedKeys(want, got) {
					if got[p] != want[p] {
						t.Fatalf("step %d (%s): %s:\nincremental:\n%s\nwhole:\n%s", step, what, p, got[p], want[p])
					}
				}
			}
			if incremental < c.steps/2 {
				t.Errorf("only %d of %d edits took the incremental path", incremental, c.steps)
			}
			t.Logf("%d of %d edits took the incremental path", incremental, c.steps)
		})
	}
}

// The server's whole check gives the findings dossier validate gives.
func TestWholeCheckIsValidate(t *testing.T) {
	dir := t.TempDir()
	var ids []string
	for _, r := range rules.Catalog {
		ids = append(ids, r.Doc().ID)
	}
	if _, err := synth.Generate(dir, synth.Options{Records: 600, Seed: 5, Faults: 3, FaultRules: ids}); err != nil {
		t.Fatal(err)
	}
	ds := newDataset(t, dir, &editor{bufs: map[string][]byte{}})
	t.Chdir(dir)
	_, want, err := validate.Run("records", validate.Options{Config: ds.cfg})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for p := range everyFinding(ds) {
		for _, d := range ds.findings(p) {
			got = append(got, d.String())
		}
	}
	var w []string
	for _, d := range want {
		w = append(w, d.String())
	}
	sort.Strings(got)
	sort.Strings(w)
	if len(w) < 20 || !slices.Equal(got, w) {
		t.Fatalf("server:\n%s\nvalidate:\n%s", strings.Join(got, "\n"), strings.Join(w, "\n"))
	}
}

// crowdSize is how many quotes crowd writes.
const crowdSize = 40

// crowd adds quotes whose texts differ by a word or two from each other,
// so that the near-duplicate index fills its buckets (more than
// rules.NeighbourCap quotes share a band).
func crowd(t *testing.T, root string) {
	ents, err := os.ReadDir(filepath.Join(root, "records", "quotes"))
	if err != nil || len(ents) == 0 {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "records", "quotes", ents[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	line := regexp.MustCompile(`(?m)^text: .*$`).FindString(src)
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range crowdSize {
		words := strings.Fields(line)
		for range 2 {
			words[1+rng.IntN(len(words)-1)] = fmt.Sprintf("c%d", rng.IntN(5))
		}
		q := strings.Replace(src, line, strings.Join(words, " "), 1)
		q = regexp.MustCompile(`(?m)^id: .*$`).ReplaceAllString(q, fmt.Sprintf("id: crowd-%02d", i))
		if err := os.WriteFile(filepath.Join(root, "records", "quotes", fmt.Sprintf("crowd-%02d.yaml", i)), []byte(q), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func idsOf(l []*entry) []string {
	var out []string
	for _, e := range l {
		out = append(out, e.rec.ID)
	}
	return out
}

func sortedKeys(a, b map[string]string) []string {
	var out []string
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// mutator makes random edits to a dataset's files, in buffers (as an
// editor does) or on disk (as git does).
type mutator struct {
	t    *testing.T
	root string
	ed   *editor
	ds   *dataset
	rng  *rand.Rand
}

var (
	valueLine = regexp.MustCompile(`(?m)^(\s*(?:- )?(?:[a-z_]+: )?)([a-z0-9][a-z0-9-]*)\s*$`)
	textLine  = regexp.MustCompile(`(?m)^(text|measure|title|date|published|from|to|value|status): .*$`)
)

func (m *mutator) text(file string) string {
	if b := m.ed.bufs[file]; b != nil {
		return string(b)
	}
	b, err := os.ReadFile(filepath.Join(m.root, filepath.FromSlash(file)))
	if err != nil {
		return ""
	}
	return string(b)
}

func (m *mutator) files() []string {
	var out []string
	for p := range m.ds.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func (m *mutator) pick(l []string) string { return l[m.rng.IntN(len(l))] }

// anID returns an ID of the dataset, a near miss of one, or a new one.
func (m *mutator) anID() string {
	var ids []string
	for id := range m.ds.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) == 0 {
		return "x"
	}
	id := m.pick(ids)
	switch m.rng.IntN(4) {
	case 0:
		return id + "x"
	case 1:
		return fmt.Sprintf("new-%d", m.rng.IntN(5))
	}
	return id
}

// set writes a file's new text, to its buffer or to disk.
func (m *mutator) set(file, content string, buffer bool) {
	if buffer {
		m.ed.bufs[file] = []byte(content)
		return
	}
	delete(m.ed.bufs, file)
	p := filepath.Join(m.root, filepath.FromSlash(file))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		m.t.Fatal(err)
	}
}

// edit makes one edit and returns the files it changed, whether files
// appeared or went away, and what it did.
func (m *mutator) edit() ([]string, bool, string) {
	files := m.files()
	file := m.pick(files)
	src := m.text(file)
	buffer := m.rng.IntN(2) == 0
	if strings.Contains(file, "/quotes/") && m.rng.IntN(3) == 0 {
		// a quote's text made the same as, or nearly the same as, that
		// of a quote of the crowd (see crowd), or withdrawn
		other := m.text(fmt.Sprintf("records/quotes/crowd-%02d.yaml", m.rng.IntN(crowdSize)))
		line := regexp.MustCompile(`(?m)^text: .*$`).FindString(other)
		words := strings.Fields(line)
		switch m.rng.IntN(4) {
		case 0:
		case 1:
			line = "status: withdrawn"
		default:
			if len(words) > 3 {
				words[1+m.rng.IntN(len(words)-1)] = fmt.Sprintf("w%d", m.rng.IntN(9))
				line = strings.Join(words, " ")
			}
		}
		field := "text"
		if strings.HasPrefix(line, "status") {
			field = "status"
		}
		loc := regexp.MustCompile(`(?m)^` + field + `: .*$`).FindStringIndex(src)
		if loc != nil && line != "" {
			m.set(file, src[:loc[0]]+line+src[loc[1]:], buffer)
			return []string{file}, false, "crowded text of " + file
		}
	}
	switch k := m.rng.IntN(14); {
	case k < 5: // a value that may be an ID: an ID, a reference, an enum
		locs := valueLine.FindAllStringSubmatchIndex(src, -1)
		if len(locs) == 0 {
			break
		}
		l := locs[m.rng.IntN(len(locs))]
		m.set(file, src[:l[4]]+m.anID()+src[l[5]:], buffer)
		return []string{file}, false, "value of " + file
	case k < 8: // a line of text, date, value or status taken from another record
		other := m.text(m.pick(files))
		lines := textLine.FindAllString(other, -1)
		locs := textLine.FindAllStringIndex(src, -1)
		if len(lines) == 0 || len(locs) == 0 {
			break
		}
		l := locs[m.rng.IntN(len(locs))]
		line := m.pick(lines)
		if m.rng.IntN(3) == 0 {
			line += " again"
		}
		if m.rng.IntN(4) == 0 {
			line = "status: withdrawn"
		}
		m.set(file, src[:l[0]]+line+src[l[1]:], buffer)
		return []string{file}, false, "line of " + file
	case k == 8: // a link that may close a loop: often to a record that links here
		kind := strings.Split(file, "/")[1]
		field, list := map[string]string{"events": "follows", "places": "within", "figures": "part_of", "sources": "cited_in"}[kind], kind == "events" || kind == "sources"
		if field == "" {
			break
		}
		target := strings.TrimSuffix(filepath.Base(m.pick(files)), ".yaml")
		if e := m.ds.files[file]; e != nil && len(m.ds.referrers[e.rec.ID]) > 0 && m.rng.IntN(3) > 0 {
			target = m.pick(idsOf(m.ds.referrers[e.rec.ID]))
		}
		head := regexp.MustCompile(`(?m)^` + field + `:.*\n`)
		switch loc := head.FindStringIndex(src); {
		case loc != nil && list:
			src = src[:loc[1]] + "  - " + target + "\n" + src[loc[1]:]
		case loc != nil:
			src = src[:loc[0]] + field + ": " + target + "\n" + src[loc[1]:]
		case list:
			src += field + ":\n  - " + target + "\n"
		default:
			src += field + ": " + target + "\n"
		}
		m.set(file, src, buffer)
		return []string{file}, false, "link in " + file + " to " + target
	case k == 9: // broken YAML, or emptied
		m.set(file, src+"\n  bad: [\n", buffer)
		return []string{file}, false, "broken " + file
	case k == 10: // deleted
		delete(m.ed.bufs, file)
		os.Remove(filepath.Join(m.root, filepath.FromSlash(file)))
		return []string{file}, true, "deleted " + file
	case k == 11: // copied, under the same ID or another
		dir := filepath.Dir(file)
		name := fmt.Sprintf("copy-%d.yaml", m.rng.IntN(50))
		cp := dir + "/" + name
		if m.rng.IntN(2) == 0 {
			src = regexp.MustCompile(`(?m)^id: .*$`).ReplaceAllString(src, "id: "+strings.TrimSuffix(name, ".yaml"))
		}
		m.set(cp, src, buffer)
		return []string{cp}, !buffer, "copied " + file + " to " + cp
	case k == 12: // moved to another kind folder
		var tables []string
		for _, kind := range m.ds.set.Kinds {
			tables = append(tables, kind.Table)
		}
		to := "records/" + m.pick(tables) + "/" + filepath.Base(file)
		if m.ds.files[to] != nil {
			break
		}
		delete(m.ed.bufs, file)
		os.Remove(filepath.Join(m.root, filepath.FromSlash(file)))
		m.set(to, src, false)
		return []string{file, to}, true, "moved " + file + " to " + to
	case k == 13: // a file restored from git: back to its first text
		if b, err := os.ReadFile(filepath.Join(m.root, filepath.FromSlash(file))); err == nil && m.ed.bufs[file] != nil {
			delete(m.ed.bufs, file)
			_ = b
			return []string{file}, false, "closed " + file
		}
	}
	return nil, false, "nothing"
}

// TestScopeSuccessor: a record that references a withdrawn one is told
// whether the withdrawn record's successor can replace it, so an edit of
// the successor alone (withdrawn, renamed, restored) changes the findings
// of records two references away from it.
func TestScopeSuccessor(t *testing.T) {
	root := testDataset(t)
	ed := &editor{bufs: map[string][]byte{}}
	ds := newDataset(t, root, ed)
	read := func(file string) string {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	const withdrawn, successor = "records/events/iranian-ambassador-expelled.yaml", "records/events/camp-ashraf-3-raid.yaml"
	w, s := read(withdrawn), read(successor)
	for _, step := range []struct{ file, text, want string }{
		{withdrawn, strings.Replace(w, "status: active\n", "status: withdrawn\nwithdrawn: {reason: merged, successor: camp-ashraf-3-raid}\n", 1), `use its successor "camp-ashraf-3-raid"`},
		{successor, strings.Replace(s, "status: active\n", "status: withdrawn\nwithdrawn: {reason: merged}\n", 1), `its successor "camp-ashraf-3-raid" is withdrawn too`},
		{successor, s, `use its successor "camp-ashraf-3-raid"`},
		{successor, strings.Replace(s, "id: camp-ashraf-3-raid\n", "id: camp-ashraf-3-raid-2\n", 1), `its successor "camp-ashraf-3-raid" is not a record`},
		{successor, s, `use its successor "camp-ashraf-3-raid"`},
	} {
		ed.bufs[step.file] = []byte(step.text)
		if _, all := ds.update([]string{step.file}, ed.paths(), false); all {
			t.Fatalf("editing %s took a whole run", step.file)
		}
		got, want := everyFinding(ds), everyFinding(newDataset(t, root, ed))
		for _, p := range sortedKeys(want, got) {
			if got[p] != want[p] {
				t.Fatalf("after editing %s: %s:\nincremental:\n%s\nwhole:\n%s", step.file, p, got[p], want[p])
			}
		}
		if f := got["records/figures/diplomats-expelled-2018.yaml"]; !strings.Contains(f, step.want) {
			t.Fatalf("after editing %s: the figure's findings are\n%s\nwant %s", step.file, f, step.want)
		}
	}
}

// TestScopeUnread: a record file that stops reading as a record (a YAML
// error, a move into the folder of another kind) is reported once, and
// hides no reference to it as unresolved and no record it names as an
// orphan; an edit of the broken text, its removal and its repair reach
// the records whose findings that changes, without a whole run.
func TestScopeUnread(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"records/places/place-a.yaml":   "id: place-a\nstatus: active\nname: Ashraf 3\ntype: site\n",
		"records/actors/actor-a.yaml":   "id: actor-a\nstatus: active\nname: Bledar Çuçi\ntype: person\n",
		"records/sources/source-a.yaml": "id: source-a\nstatus: active\ntitle: The article\nkind: article\n",
		"records/events/event-a.yaml": "id: event-a\nstatus: active\ntitle: Police raid\ndate: 2023-06-20\nplaces: [place-a]\nactors: [actor-a]\n" +
			"sources:\n  - source: source-a\n    locator: para. 2\n",
		"records/figures/figure-a.yaml": "id: figure-a\nstatus: active\nmeasure: officers injured\ntype: count\nvalue: 15\nunit: officers\n" +
			"wording: Fifteen officers\ndate: 2023-06-20\nevent: event-a\nsources:\n  - source: source-a\n    locator: para. 2\n",
	}
	for p, s := range files {
		os.MkdirAll(filepath.Join(root, filepath.Dir(p)), 0o755)
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(p)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ed := &editor{bufs: map[string][]byte{}}
	ds := newDataset(t, root, ed)
	const event, misfiled = "records/events/event-a.yaml", "records/quotes/event-a.yaml"
	good := files[event]
	tab := strings.Replace(good, "    locator", "\tlocator", 1)
	for _, step := range []struct {
		what    string
		do      func() (files []string, relist bool)
		rules   string // the rules of every finding, in file order
		whole   bool   // the edit takes a whole run
		figure  string // in the figure's findings
		nothing string // in no file's findings
	}{
		{what: "a tab", do: func() ([]string, bool) { ed.bufs[event] = []byte(tab); return []string{event}, false },
			rules: "yaml-syntax"},
		{what: "the broken text names place-a no more", do: func() ([]string, bool) {
			ed.bufs[event] = []byte(strings.Replace(tab, "places: [place-a]\n", "", 1))
			return []string{event}, false
		}, rules: "yaml-syntax orphan"},
		{what: "names it again", do: func() ([]string, bool) { ed.bufs[event] = []byte(tab); return []string{event}, false },
			rules: "yaml-syntax"},
		{what: "repaired", do: func() ([]string, bool) { ed.bufs[event] = []byte(good); return []string{event}, false }},
		{what: "moved into quotes", do: func() ([]string, bool) {
			delete(ed.bufs, event)
			os.Remove(filepath.Join(root, filepath.FromSlash(event)))
			os.MkdirAll(filepath.Join(root, "records", "quotes"), 0o755)
			os.WriteFile(filepath.Join(root, filepath.FromSlash(misfiled)), []byte(good), 0o644)
			return []string{event, misfiled}, true
		}, rules: "schema-kind", nothing: "is a quote"},
		{what: "deleted", do: func() ([]string, bool) {
			os.Remove(filepath.Join(root, filepath.FromSlash(misfiled)))
			return []string{misfiled}, true
		}, rules: "orphan ref-unresolved orphan", figure: `event "event-a" is not an event`},
		{what: "back, broken, as event-a.yml", whole: true, do: func() ([]string, bool) {
			os.WriteFile(filepath.Join(root, "records", "events", "event-a.yml"), []byte(good), 0o644)
			return nil, true
		}, rules: "record-path"},
	} {
		touched, relist := step.do()
		_, all := ds.update(touched, ed.paths(), relist)
		if all != step.whole {
			t.Errorf("%s: whole run %v, want %v", step.what, all, step.whole)
		}
		got, want := everyFinding(ds), everyFinding(newDataset(t, root, ed))
		for _, p := range sortedKeys(want, got) {
			if got[p] != want[p] {
				t.Fatalf("%s: %s:\nincremental:\n%s\nwhole:\n%s", step.what, p, got[p], want[p])
			}
		}
		var ids []string
		for _, p := range sortedKeys(got, nil) {
			for _, d := range ds.findings(p) {
				ids = append(ids, d.Rule)
				if step.nothing != "" && strings.Contains(d.Message, step.nothing) {
					t.Errorf("%s: %s", step.what, d)
				}
			}
		}
		if strings.Join(ids, " ") != step.rules {
			t.Errorf("%s: findings of %v, want %s:\n%v", step.what, ids, step.rules, got)
		}
		if !strings.Contains(got["records/figures/figure-a.yaml"], step.figure) {
			t.Errorf("%s: the figure's findings are %q, want %q", step.what, got["records/figures/figure-a.yaml"], step.figure)
		}
	}
}
