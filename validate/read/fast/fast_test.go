package fast_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/internal/longtest"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/read/fast"
)

// fastCase is one record file for the differential tests of the fast
// reader: its bytes and the kind its folder names (nil when none).
type fastCase struct {
	name string
	src  []byte
	kind *schemas.Kind
}

// kindOfPath returns the kind of records/<table>/x.yaml, or nil.
func kindOfPath(set *schemas.Set, p string) *schemas.Kind {
	p = filepath.ToSlash(p)
	i := strings.LastIndex(p, "records/")
	if i < 0 {
		return nil
	}
	table, _, ok := strings.Cut(p[i+len("records/"):], "/")
	if !ok {
		return nil
	}
	return set.KindByTable(table)
}

// fastCorpus returns the record files of the repository (records/), of
// the test archives and fixtures of validate, canonical and release, and
// the files of the YAML fast reader's own testdata. Generated ones are
// added by the tests that need them.
func fastCorpus(t testing.TB) (real, archived []fastCase) {
	t.Helper()
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	walk := func(root string, into *[]fastCase) {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			switch {
			case strings.HasSuffix(p, ".yaml"), strings.HasSuffix(p, ".yml"):
				src, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				*into = append(*into, fastCase{p, src, kindOfPath(set, p)})
			case strings.HasSuffix(p, ".txtar"):
				data, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				for _, f := range golden.Parse(data).Files {
					if strings.HasSuffix(f.Name, ".yaml") || strings.HasSuffix(f.Name, ".yml") || strings.HasPrefix(f.Name, "records/") {
						*into = append(*into, fastCase{p + ":" + f.Name, f.Data, kindOfPath(set, f.Name)})
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	walk("../../../records", &real)
	for _, dir := range []string{"../../testdata", "../../../canonical/testdata", "../../../release/testdata"} {
		walk(dir, &archived)
	}
	if len(real) < 50 || len(archived) < 100 {
		t.Fatalf("corpus too small: %d records, %d archived files", len(real), len(archived))
	}
	return real, archived
}

// synthCorpus generates a dataset of n records with faults of every rule
// and returns its files.
func synthCorpus(t testing.TB, n, faults int) []fastCase {
	t.Helper()
	dir := t.TempDir()
	var ids []string
	for _, r := range validate.Rules() {
		ids = append(ids, r.ID)
	}
	if _, err := synth.Generate(dir, synth.Options{Records: n, Seed: 7, Faults: faults, FaultRules: ids}); err != nil {
		t.Fatal(err)
	}
	set, _ := schemas.Default()
	var out []fastCase
	err := filepath.WalkDir(filepath.Join(dir, "records"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil // a folder where a record should be: a file-read fault
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, fastCase{filepath.ToSlash(rel), src, kindOfPath(set, p)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fastOutcome is what checking one file against the YAML parser found.
type fastOutcome struct {
	accepted bool // the fast reader read the file
	clean    bool // the full reading gives no finding
}

// checkFast reads src with the fast reader and with the YAML parser
// (read.ParseFull, which never takes the fast path) and fails t when the
// fast reader accepts a file the full reading reports anything on, or gives
// another value. It also checks that read.Parse, which takes the fast path
// when it can, gives the same findings, value and positions as the full
// reading.
func checkFast(t testing.TB, name string, src []byte, kind *schemas.Kind, lim config.Limits) fastOutcome {
	t.Helper()
	out, slow := checkFastValue(t, name, src, kind, lim)
	lazy := read.Parse("records/x.yaml", src, kind, lim)
	if !reflect.DeepEqual(slow.Findings, lazy.Findings) || slow.Value.Encoded() != lazy.Value.Encoded() || slow.Limited != lazy.Limited {
		t.Fatalf("%s: read.Parse differs from read.ParseFull:\n%v\n%v\n--- file:\n%s", name, slow.Findings, lazy.Findings, src)
	}
	if slow.Value.Exists() && !reflect.DeepEqual(lazy.Positions(), slow.Positions()) {
		t.Fatalf("%s: the positions of read.Parse differ from those of the YAML parser", name)
	}
	return out
}

// checkFastValue is checkFast without the check of read.Parse. It returns
// the outcome, and the reading of the YAML parser.
func checkFastValue(t testing.TB, name string, src []byte, kind *schemas.Kind, lim config.Limits) (fastOutcome, *read.Result) {
	t.Helper()
	slow := read.ParseFull("records/x.yaml", src, kind, lim)
	v, ok := fast.Value(src, kind, lim)
	out := fastOutcome{accepted: ok, clean: len(slow.Findings) == 0 && slow.Value.Exists()}
	if ok {
		if len(slow.Findings) > 0 {
			t.Fatalf("%s: the fast reader accepts a file the YAML parser reports:\n%s\n--- file:\n%s", name, slow.Findings, src)
		}
		if !slow.Value.Exists() || slow.Limited {
			t.Fatalf("%s: the fast reader accepts a file the YAML parser reads no record from:\n%s", name, src)
		}
		if diff := jsonDiff(slow.Value.Any(), v.Any(), ""); diff != "" {
			t.Fatalf("%s: the fast reader reads another value: %s\n--- file:\n%s", name, diff, src)
		}
		if v.Encoded() != slow.Value.Encoded() {
			t.Fatalf("%s: the fast reader encodes the value otherwise: %q, want %q\n--- file:\n%s", name, v.Encoded(), slow.Value.Encoded(), src)
		}
	} else if v.Exists() {
		t.Fatalf("%s: the fast reader gave up but returned a value", name)
	}
	return out, slow
}

// jsonDiff describes the first difference between two JSON values, of
// type or of value; "" when none.
func jsonDiff(want, got any, at string) string {
	if reflect.TypeOf(want) != reflect.TypeOf(got) {
		return fmt.Sprintf("at %q: %T %#v, want %T %#v", at, got, got, want, want)
	}
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		if (w == nil) != (g == nil) || len(w) != len(g) {
			return fmt.Sprintf("at %q: %d fields (nil %v), want %d (nil %v)", at, len(g), g == nil, len(w), w == nil)
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if _, ok := g[k]; !ok {
				return fmt.Sprintf("at %q: field %q missing", at, k)
			}
			if d := jsonDiff(w[k], g[k], at+"/"+k); d != "" {
				return d
			}
		}
	case []any:
		g := got.([]any)
		if (w == nil) != (g == nil) || len(w) != len(g) {
			return fmt.Sprintf("at %q: %d items (nil %v), want %d (nil %v)", at, len(g), g == nil, len(w), w == nil)
		}
		for i := range w {
			if d := jsonDiff(w[i], g[i], fmt.Sprintf("%s/%d", at, i)); d != "" {
				return d
			}
		}
	case string, json.Number, bool, nil:
		if !reflect.DeepEqual(want, got) {
			return fmt.Sprintf("at %q: %#v, want %#v", at, got, want)
		}
	default:
		return fmt.Sprintf("at %q: %T is not a JSON value", at, want)
	}
	return ""
}

// fastLimits are the limits the differential tests read each file under:
// the defaults, and tight ones that real records reach.
var fastLimits = []config.Limits{{}, {MaxValues: 12, MaxDepth: 3, MaxStringSize: 40}, {MaxValues: 30, MaxDepth: 2, MaxStringSize: 8}}

// TestFastReaderAcceptsRecords checks every record of the repository and
// of the test archives against the YAML parser, under each kind and
// limits, and that the fast reader reads every clean record of the
// repository: it must not quietly give up on the files it exists for.
func TestFastReaderAcceptsRecords(t *testing.T) {
	real, archived := fastCorpus(t)
	set, _ := schemas.Default()
	kinds := append([]*schemas.Kind{nil}, set.Kinds...)
	accepted, clean := 0, 0
	for _, c := range append(real, archived...) {
		for _, k := range kinds {
			for _, lim := range fastLimits {
				checkFast(t, c.name, c.src, k, lim)
			}
		}
		o := checkFast(t, c.name, c.src, c.kind, config.Limits{})
		if o.clean {
			clean++
		}
		if o.accepted {
			accepted++
		}
	}
	for _, c := range real {
		o := checkFast(t, c.name, c.src, c.kind, config.Limits{})
		if o.clean && !o.accepted && !bytes.Contains(c.src, []byte(read.IgnoreMark)) {
			t.Errorf("%s: a clean record the fast reader does not read", c.name)
		}
	}
	t.Logf("%d files, %d clean, %d read by the fast reader", len(real)+len(archived), clean, accepted)
	if accepted < clean*3/4 {
		t.Errorf("the fast reader reads %d of %d clean files", accepted, clean)
	}
}

// TestFastReaderSynthetic checks a generated dataset, faults of every rule
// included, against the YAML parser, and that the fast reader reads at
// least 99% of its clean records.
func TestFastReaderSynthetic(t *testing.T) {
	n := longtest.Size(600, 3000)
	cases := synthCorpus(t, n, 2)
	accepted, clean := 0, 0
	for _, c := range cases {
		o := checkFast(t, c.name, c.src, c.kind, config.Limits{})
		if o.clean {
			clean++
			if o.accepted {
				accepted++
			}
		}
		checkFast(t, c.name, c.src, nil, config.Limits{})
		checkFast(t, c.name, c.src, c.kind, fastLimits[1])
	}
	t.Logf("%d files, %d clean, %d of them read by the fast reader", len(cases), clean, accepted)
	if clean < n*9/10 || accepted*100 < clean*99 {
		t.Errorf("the fast reader reads %d of %d clean generated records (of %d files)", accepted, clean, len(cases))
	}
}

// fastTokens are inserted into record files by the mutation test: YAML
// syntax the fast reader must refuse or read exactly as the parser does.
var fastTokens = []string{
	"#", " #", " # c", "&a ", "*a", "!!str ", "!t ", "\"", "'", ": ", ":", "\t", " ", "  ", "yes", "No", "on", "y",
	"0x1F", "0o17", "0b101", "017", "1e3", "1e400", "1e-400", ".inf", "-.Inf", ".nan", "~", "null", "true",
	"2001-02-03", "2023-06-20T10:00:00Z", "12:30", "+1", "-1", "1_000", "- ", "-", "--- ", "...", "[", "]", "{", "}",
	",", "|", ">", "|-", "|+", ">-", "|2", "? ", "%", "@", "`", "\\", "\\n", "\\t", "\\u00e9", "\\x", "\\/", "é", "’",
	"\u2028", "\u00a0", "\ufeff", "\u202e", "\u0085", "<<", "\r", "\r\n", "\n", "\n\n", "\n  ", "dossier:ignore",
}

// fastValues replace the value of a "key: value" line in the mutation
// test: scalars of every type the YAML parser resolves, quoting and
// escapes, flow and block forms.
var fastValues = []string{
	"", "yes", "No", "ON", "off", "y", "0x1F", "0o17", "-0o17", "0b101", "-0b101", "017", "08", "1e3", "1E+3", "1e400", "1e-400",
	".inf", "-.Inf", "+.INF", ".nan", ".NaN", "~", "null", "NULL", "Null", "true", "False", "TRUE", "2023-06-20",
	"2023-6-2", "2023-06-20T10:00:00Z", "2001-12-14 21:59:43.10", "2001-12-14 21:59:43.10 -5", "12:30", "1:2:3",
	"+1", "-1", "+", "1_000", "1__0", "_1", "9007199254740991", "9007199254740993", "-9007199254740993",
	"123456789012345678901234567890", "0x7fffffffffffffff", "0xffffffffffffffff", "0.1", ".5", "5.", "-0", "-0.0",
	"+.5e+3", "1.5e", "0x1p-2", "inf", "nan", "Infinity", "0.", "00", "1,000", "1 000", "2023", "2023-06", "2023~",
	"\"2023\"", "'2023'", "\"a\\x41\"", "\"\\x7f\"", "'it''s'", "''", "\"\"", "\"\\u202E\"", "\"\\t\"", "\"\\/\"", "\"\\e\"",
	"\"\\U0001F600\"", "\"\\uD800\"", "\"\\_\\L\\P\"", "\"a\\\"b\"", "\"a\\\\b\"", "\"a\" # c", "'a' #c", "'a'b", "\"a\"b",
	"\"a", "'a", "x # c", "x#c", "x #", "a b  ", "a: b", "a:b", "http://x.example/a?b=c#d", "C#", "- x", "-x", "--x",
	"[a, b]", "[a,b]", "[ a , b ]", "[a, b,]", "[a,, b]", "[\"a\", 'b']", "[a, [b]]", "[a: b]", "[a, {b: c}]", "[1, 2.5, yes, ~]", "[0?]", "[a?b, c]", "[a, b ?]",
	"[]", "[ ]", "{}", "{ }", "{a: b}", "[a", "&a x", "*a", "!!str 1", "!!int 1", "<<", "|", "|-", ">", "|2", "| # c",
	"active", "withdrawn", "direct", "en", "Active", "?", ":", "%x", "@x", "`x`", "é", "a\u00a0b", "a\u2028b",
}

// mutants returns variants of src: each line deleted, doubled, indented
// one or two columns more or one less; tokens inserted; values replaced;
// and whole-file changes. pick spreads the line-level mutations over the
// lines of the file so that each file gives a few hundred variants.
func mutants(src []byte, seed int) [][]byte {
	lines := strings.SplitAfter(string(src), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return nil
	}
	var out [][]byte
	with := func(i int, line ...string) {
		var b strings.Builder
		for j, l := range lines {
			if j == i {
				for _, r := range line {
					b.WriteString(r)
				}
				continue
			}
			b.WriteString(l)
		}
		out = append(out, []byte(b.String()))
	}
	pick := func(k int) int { return (k*7 + seed*13) % len(lines) }
	for k := range 4 {
		i := pick(k * 3)
		l := lines[i]
		with(i)
		with(i, l, l)
		with(i, " "+l)
		with(i, "  "+l)
		with(i, strings.TrimPrefix(l, " "))
	}
	for k, tok := range fastTokens {
		if (k+seed)%3 != 0 {
			continue // each file gets a third of the tokens
		}
		l := lines[pick(k)]
		body := strings.TrimLeft(l, " ")
		ind := l[:len(l)-len(body)]
		with(pick(k), ind+tok+body)
		switch i, j := strings.Index(l, ": "), strings.Index(l, "- "); {
		case i >= 0 && (j < 0 || k%2 == 0):
			with(pick(k), l[:i+2]+tok+l[i+2:])
		case j >= 0:
			with(pick(k), l[:j+2]+tok+l[j+2:])
		default:
			with(pick(k), strings.TrimSuffix(l, "\n")+tok+"\n")
		}
	}
	for k, v := range fastValues {
		if (k+seed)%3 != 0 {
			continue
		}
		for tries := 0; tries < len(lines); tries++ {
			i := pick(k + tries)
			l := lines[i]
			if c := strings.Index(l, ": "); c >= 0 {
				with(i, l[:c+2]+v+"\n")
				break
			}
		}
	}
	s := string(src)
	for _, whole := range []string{
		strings.ReplaceAll(s, "\n", "\r\n"),
		strings.TrimSuffix(s, "\n"),
		"---\n" + s, "--- \n" + s, "--- # c\n" + s, "# c\n---\n" + s, "%YAML 1.2\n---\n" + s,
		s + "...\n", s + "---\n", s + "\n---\nid: x\n", s + "# end\n", s + "\n\n",
		strings.ReplaceAll(s, "\n", " \n"),
		strings.ReplaceAll(s, "  ", "\t"),
		strings.ReplaceAll(s, "  - ", "- "),
		strings.ReplaceAll(s, "  - ", "    - "),
		strings.ReplaceAll(s, "- ", "-   "),
		strings.ReplaceAll(s, ": ", ":  "),
		strings.ReplaceAll(s, ": ", ":\n  "),
		strings.ReplaceAll(s, ": ", ": |\n  "),
		strings.ReplaceAll(s, ": ", ": >-\n    "),
		strings.ReplaceAll(s, ": ", ": # c\n  "),
		"\ufeff" + s,
	} {
		out = append(out, []byte(whole))
	}
	return out
}

// TestFastReaderMutants checks variants of every record file of the
// corpus against the YAML parser. The variants are mostly broken: the
// fast reader must refuse them, or read them exactly as the parser does.
func TestFastReaderMutants(t *testing.T) {
	real, archived := fastCorpus(t)
	n := longtest.Size(40, 200)
	cases := append(append(real, archived...), synthCorpus(t, n, 1)...)
	every := longtest.Size(3, 1) // every file of the corpus in the long run
	total, accepted := 0, 0
	for i, c := range cases {
		if i%every != 0 {
			continue
		}
		for _, m := range mutants(c.src, i) {
			total++
			if o, _ := checkFastValue(t, c.name+" (variant)", m, c.kind, config.Limits{}); o.accepted {
				accepted++
			}
		}
	}
	t.Logf("%d variants, %d read by the fast reader", total, accepted)
	if accepted < total/10 {
		t.Errorf("the fast reader reads only %d of %d variants: the test proves little", accepted, total)
	}
}

// blockCases returns files holding text blocks (| and >, each chomping)
// in every place a record can hold one, with bodies of blank, more
// indented, space-only and comment-like lines, indented right and wrong,
// followed by what may come after a block.
func blockCases() []string {
	contexts := []struct {
		head   string
		indent []int // indentations of the body to try
	}{
		{"a: %s\n", []int{1, 2, 4, 0}},
		{"a:\n  - %s\n", []int{4, 3, 2}},
		{"a:\n  - b: %s\n", []int{6, 5, 4}},
		{"a:\n- %s\n", []int{2, 1, 0}},
		{"a:\n  - b: 1\n    c: %s\n", []int{6, 5, 4}},
	}
	headers := []string{"|", "|-", "|+", ">", ">-", ">+", "| # c", ">- #c", "|2", "|-1", "|#c", "|x"}
	bodies := [][]string{
		{"x"}, {"x", "y"}, {"x", "", "y"}, {"x", " y"}, {" x", "y"}, {"x", "  y", "z"}, {"x", "", ""}, {"x", "   "},
		{"x", "#y"}, {"x", "  ", "y"}, {"x", "- y"}, {"x: y"}, {"x", "", " y", "", "z"}, {"", "x"}, {"x y ", "z"},
		{"x", " ", "", "y"}, {"a", "b", "", "", "c", " d", "e"}, {"'x'", "\"y\""}, {"x", "---"}, {},
	}
	tails := []string{"", "z: 1\n", "# c\nz: 1\n", "  # c\nz: 1\n", "\n\nz: 1\n", "  \nz: 1\n", "   \n", "\n"}
	var out []string
	for _, c := range contexts {
		for _, ind := range c.indent {
			for _, h := range headers {
				for bi, body := range bodies {
					for ti, tail := range tails {
						for blank := range 3 {
							if (bi+ti+blank)%2 == 1 && len(h) > 2 {
								continue // the odd headers need fewer combinations
							}
							var b strings.Builder
							fmt.Fprintf(&b, c.head, h)
							for _, l := range body {
								switch {
								case l != "":
									b.WriteString(strings.Repeat(" ", ind) + l + "\n")
								case blank == 1:
									b.WriteString(strings.Repeat(" ", ind) + "\n")
								case blank == 2:
									b.WriteString(strings.Repeat(" ", ind+2) + "\n")
								default:
									b.WriteString("\n")
								}
							}
							s := b.String() + tail
							out = append(out, s)
							if tail == "" {
								out = append(out, strings.TrimSuffix(s, "\n"))
							}
						}
					}
				}
			}
		}
	}
	return out
}

// TestFastReaderBlocks checks text blocks against the YAML parser.
func TestFastReaderBlocks(t *testing.T) {
	set, _ := schemas.Default()
	kind := set.KindByTable("events")
	cases := blockCases()
	accepted := 0
	for _, c := range cases {
		if o, _ := checkFastValue(t, "block", []byte(c), kind, config.Limits{}); o.accepted {
			accepted++
		}
	}
	t.Logf("%d files, %d read by the fast reader", len(cases), accepted)
	if accepted < len(cases)/4 {
		t.Errorf("the fast reader reads only %d of %d files with text blocks", accepted, len(cases))
	}
}

// FuzzValue feeds the fast reader any bytes, read as a record of any
// kind under the default or tight limits: when it accepts them, the YAML
// parser must give no finding and the same value; parse without positions
// must agree with parse with positions.
func FuzzValue(f *testing.F) {
	real, archived := fastCorpus(f)
	for i, c := range append(real, archived...) {
		f.Add(c.src, uint8(i))
	}
	for i, c := range blockCases() {
		if i%50 == 0 {
			f.Add([]byte(c), uint8(i))
		}
	}
	set, err := schemas.Default()
	if err != nil {
		f.Fatal(err)
	}
	kinds := append([]*schemas.Kind{nil}, set.Kinds...)
	f.Fuzz(func(t *testing.T, src []byte, sel uint8) {
		kind := kinds[int(sel)%len(kinds)]
		lim := fastLimits[int(sel)/len(kinds)%len(fastLimits)]
		checkFast(t, "fuzz", src, kind, lim)
	})
}

// TestFastReaderLineEnds holds the two readers to one line model
// (diag.LineStarts) where files differ only in their line ends: the YAML
// parser places every value of a file with CR LF line ends where the fast
// reader places it in the same file with LF; and a character that breaks
// lines for one YAML version and not the other (a lone CR, NEL, U+2028,
// U+2029), put into a value the fast reader places, is refused by both
// readings at the place the line model gives it, never a line off.
func TestFastReaderLineEnds(t *testing.T) {
	real, archived := fastCorpus(t)
	cases := append(append(real, archived...), synthCorpus(t, longtest.Size(100, 1000), 0)...)
	breaks := []string{"\r", "\u0085", "\u2028", "\u2029"}
	compared := 0
	for i, c := range cases {
		lf, ok := fast.Positions(c.src, c.kind, config.Limits{})
		if !ok {
			continue
		}
		compared++
		crlf := bytes.ReplaceAll(c.src, []byte("\n"), []byte("\r\n"))
		slow := read.ParseFull(c.name, crlf, c.kind, config.Limits{})
		if len(slow.Findings) > 0 {
			t.Fatalf("%s with CR LF line ends: %v", c.name, slow.Findings)
		}
		for ptr, at := range lf {
			if got := slow.Positions()[ptr]; got != at {
				t.Fatalf("%s with CR LF line ends: %q at %+v, with LF at %+v", c.name, ptr, got, at)
			}
		}
		if len(slow.Positions()) != len(lf) {
			t.Fatalf("%s: %d values placed with CR LF line ends, %d with LF", c.name, len(slow.Positions()), len(lf))
		}

		ptrs := make([]string, 0, len(lf))
		for ptr := range lf {
			ptrs = append(ptrs, ptr)
		}
		sort.Strings(ptrs)
		at := lf[ptrs[i%len(ptrs)]].Value
		starts := diag.LineStarts(c.src)
		off := starts[at.Line-1]
		for range at.Column {
			_, size := utf8.DecodeRune(c.src[off:])
			off += size // after the value's first character
		}
		ch := breaks[i%len(breaks)]
		if ch == "\r" && off < len(c.src) && c.src[off] == '\n' {
			ch = breaks[1] // a CR before the line's LF would end it as CR LF does: no lone CR
		}
		src := append(append(append([]byte{}, c.src[:off]...), ch...), c.src[off:]...)
		want := diag.Pos{Line: at.Line, Column: at.Column + 1}
		for name, r := range map[string]*read.Result{
			"Parse":     read.Parse(c.name, src, c.kind, config.Limits{}),
			"ParseFull": read.ParseFull(c.name, src, c.kind, config.Limits{}),
		} {
			if len(r.Findings) != 1 || r.Findings[0].Rule != "text-control" || r.Findings[0].Pos != want {
				t.Fatalf("%s of %s with %q put into the value at %v: %v; want one text-control finding at %v", name, c.name, ch, at, r.Findings, want)
			}
		}
	}
	t.Logf("%d files compared", compared)
	if compared < 100 {
		t.Errorf("only %d files compared", compared)
	}
}
