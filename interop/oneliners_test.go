package interop

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/dossier-data/dossier/release"
)

// TestOneLiners runs each one-liner that the release README and page show,
// in the folder of the release of records/, with its own tool: DuckDB
// through its Go driver (the query the command runs), sqlite3, Datasette
// and pandas as the command line says, where they are installed. Each
// answer is checked against the records, read from the release's JSON
// Lines files without the product's code. sqlite3 is required under CI;
// Datasette and pandas are run where they are installed.
func TestOneLiners(t *testing.T) {
	rel := build(t, "../records", "../dossier.yaml")
	recs := readRecords(t, rel.Dir)
	for _, o := range release.OneLiners(&rel.Meta) {
		t.Run(o.Tool+"/"+o.ID, func(t *testing.T) {
			header, got := runOneLiner(t, o, rel.Dir)
			want, cols := expectedAnswer(t, o, recs)
			if cols != nil {
				got = project(t, header, got, cols)
			}
			sortRows(got)
			sortRows(want)
			if len(want) == 0 {
				t.Fatalf("%s: the records give no answer; choose a question they answer", o.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s\n%s\nanswers:\n%q\nthe records say:\n%q", o.Question, o.Command, got, want)
			}
		})
	}
}

// runOneLiner runs o in dir and returns the header and rows of its answer.
func runOneLiner(t *testing.T, o release.OneLiner, dir string) ([]string, [][]string) {
	t.Helper()
	switch o.Tool {
	case "DuckDB":
		return runDuckDB(t, o.SQL, dir)
	case "sqlite3":
		if _, err := exec.LookPath("sqlite3"); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatal("CI must run this test: .ci/run installs the sqlite3 package")
			}
			t.Skip("no sqlite3 program")
		}
		return csvAnswer(t, shell(t, o.Command, dir, ""))
	case "Datasette":
		if _, err := exec.LookPath("datasette"); err != nil {
			t.Skip("no datasette program")
		}
		return csvAnswer(t, shell(t, o.Command, dir, ""))
	case "pandas":
		path := pandasPath(t)
		return nil, speakerCounts(t, shell(t, o.Command, dir, path))
	}
	t.Fatalf("one-liner %s: no way to run tool %s", o.ID, o.Tool)
	return nil, nil
}

// runDuckDB runs query in dir, where its relative paths name the files.
func runDuckDB(t *testing.T, query, dir string) ([]string, [][]string) {
	t.Helper()
	t.Chdir(dir)
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
			case time.Time:
				row[i] = x.Format("2006-01-02")
			default:
				row[i] = fmt.Sprint(x)
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return cols, out
}

// shell runs a command line in dir, with path before $PATH when not "".
func shell(t *testing.T, command, dir, path string) []byte {
	t.Helper()
	cmd := exec.Command("sh", "-c", command)
	cmd.Dir = dir
	if path != "" {
		cmd.Env = append(os.Environ(), "PATH="+path+string(os.PathListSeparator)+os.Getenv("PATH"))
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", command, err, stderr.String())
	}
	return out
}

func csvAnswer(t *testing.T, out []byte) ([]string, [][]string) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("not CSV with a header (%v):\n%s", err, out)
	}
	return rows[0], rows[1:]
}

// pandasPath finds a python3 that has pandas: the one on the PATH, else
// Debian's; it skips the test when there is none.
func pandasPath(t *testing.T) string {
	t.Helper()
	for _, dir := range []string{"", "/usr/bin"} {
		py := "python3"
		if dir != "" {
			py = filepath.Join(dir, py)
		}
		if exec.Command(py, "-c", "import pandas").Run() == nil {
			return dir
		}
	}
	t.Skip("no python3 with pandas")
	return ""
}

// speakerCounts reads the answer of quotes-per-speaker: a line "name",
// then a name and its count per line.
func speakerCounts(t *testing.T, out []byte) [][]string {
	t.Helper()
	var rows [][]string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for i := 0; sc.Scan(); i++ {
		line := strings.TrimSpace(sc.Text())
		if i == 0 {
			continue // the index's name
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			t.Fatalf("line %q of:\n%s", line, out)
		}
		rows = append(rows, []string{strings.Join(f[:len(f)-1], " "), f[len(f)-1]})
	}
	return rows
}

// project keeps the columns cols of rows, by the names of header.
func project(t *testing.T, header []string, rows [][]string, cols []string) [][]string {
	t.Helper()
	var idx []int
	for _, c := range cols {
		i := indexOf(header, c)
		if i < 0 {
			t.Fatalf("no column %s in %q", c, header)
		}
		idx = append(idx, i)
	}
	out := make([][]string, len(rows))
	for r, row := range rows {
		for _, i := range idx {
			out[r] = append(out[r], row[i])
		}
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func sortRows(rows [][]string) {
	sort.Slice(rows, func(i, j int) bool { return strings.Join(rows[i], "\x00") < strings.Join(rows[j], "\x00") })
}

// records are the tables of a release read from its JSON Lines files.
type records map[string][]map[string]any

func readRecords(t *testing.T, dir string) records {
	t.Helper()
	out := records{}
	for _, table := range []string{"events", "quotes", "figures", "actors", "places", "sources"} {
		b, err := os.ReadFile(filepath.Join(dir, table+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
			var m map[string]any
			if err := json.Unmarshal(line, &m); err != nil {
				t.Fatal(err)
			}
			out[table] = append(out[table], m)
		}
	}
	return out
}

func (r records) byID(table string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, m := range r[table] {
		out[m["id"].(string)] = m
	}
	return out
}

func text(v any) string {
	s, _ := v.(string)
	return s
}

// precision says how precisely an EDTF date without qualifiers is written,
// as the release documents it.
func precision(d string) string {
	switch {
	case strings.Contains(d, "/"):
		return "interval"
	case regexp.MustCompile(`^-?\d{4}$`).MatchString(d):
		return "year"
	case regexp.MustCompile(`^-?\d{4}-(2[1-4])$`).MatchString(d):
		return "season"
	case regexp.MustCompile(`^-?\d{4}-\d{2}$`).MatchString(d):
		return "month"
	case regexp.MustCompile(`^-?\d{4}-\d{2}-\d{2}$`).MatchString(d):
		return "day"
	}
	return "other: " + d
}

// expectedAnswer is what the records say the answer of o is; cols, when
// not nil, are the columns of o's answer to compare.
func expectedAnswer(t *testing.T, o release.OneLiner, r records) ([][]string, []string) {
	t.Helper()
	actors, sources := r.byID("actors"), r.byID("sources")
	switch o.ID {
	case "official-quotes":
		var rows [][]string
		for _, q := range r["quotes"] {
			if q["role"] == nil {
				continue
			}
			for _, c := range q["sources"].([]any) {
				c := c.(map[string]any)
				row := []string{text(actors[text(q["speaker"])]["name"]), text(q["role"]), text(q["date"])}
				if o.Tool == "DuckDB" {
					row = append(row, text(sources[text(c["source"])]["title"]))
				}
				rows = append(rows, append(row, text(c["locator"]), text(q["text"])))
			}
		}
		if o.Tool == "Datasette" {
			return rows, []string{"speaker_name", "role", "date", "locator", "text"}
		}
		return rows, nil
	case "certain-dates":
		var rows [][]string
		for _, e := range r["events"] {
			d := text(e["date"])
			open := strings.Contains(d, "..") || strings.HasPrefix(d, "/") || strings.HasSuffix(d, "/")
			if !strings.ContainsAny(d, "?~%") && !open {
				rows = append(rows, []string{d, precision(d), text(e["title"])})
			}
		}
		return rows, nil
	case "search-police":
		var rows [][]string
		for _, f := range [][2]string{{"quotes", "text"}, {"events", "title"}, {"events", "summary"}, {"figures", "measure"}, {"figures", "wording"},
			{"actors", "name"}, {"actors", "summary"}, {"places", "name"}, {"places", "summary"}, {"sources", "title"}, {"sources", "summary"}} {
			for _, m := range r[f[0]] {
				if hasWord(text(m[f[1]]), "police") {
					rows = append(rows, []string{f[0], text(m["id"]), f[1]})
				}
			}
		}
		return rows, []string{"table_name", "id", "field"}
	case "events-in-order":
		return eventRows(r, actors), nil
	case "quotes-per-speaker":
		n := map[string]int{}
		for _, q := range r["quotes"] {
			n[text(actors[text(q["speaker"])]["name"])]++
		}
		var rows [][]string
		for name, k := range n {
			rows = append(rows, []string{name, fmt.Sprint(k)})
		}
		return rows, nil
	}
	t.Fatalf("one-liner %s: no expected answer; add one here", o.ID)
	return nil, nil
}

// eventRows: each event's date, title, and the names of its actors and
// places in their order, joined with "; ".
func eventRows(r records, actors map[string]map[string]any) [][]string {
	places := r.byID("places")
	names := func(ids any, of map[string]map[string]any) string {
		var out []string
		list, _ := ids.([]any)
		for _, id := range list {
			out = append(out, text(of[text(id)]["name"]))
		}
		return strings.Join(out, "; ")
	}
	var rows [][]string
	for _, e := range r["events"] {
		rows = append(rows, []string{text(e["date"]), text(e["title"]), names(e["actors"], actors), names(e["places"], places)})
	}
	return rows
}

// hasWord reports whether s has word as a token, as the full-text index's
// tokenizer splits text: at every character that is not a letter or digit,
// ignoring case.
func hasWord(s, word string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if w == word {
			return true
		}
	}
	return false
}
