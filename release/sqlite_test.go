package release

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/schemas"
)

// sqliteReleases builds the fixture, and records/ when present, and
// returns each release's folder by name.
func sqliteReleases(t *testing.T) map[string]*Release {
	t.Helper()
	out := map[string]*Release{"fixture": mustBuild(t, fixtureOptions(t, t.TempDir()))}
	if info, err := os.Stat("../records"); err == nil && info.IsDir() {
		o := fixtureOptions(t, t.TempDir())
		o.Records = "../records"
		out["records"] = mustBuild(t, o)
	}
	return out
}

// TestSQLite opens the database of a release with the driver that wrote it
// and wants: every table with the rows of its CSV file, no broken foreign
// key, an intact file, the search index finding a text, and the views
// answering.
func TestSQLite(t *testing.T) {
	for name, rel := range sqliteReleases(t) {
		t.Run(name, func(t *testing.T) {
			db, err := sql.Open("sqlite", "file:"+filepath.Join(rel.Dir, sqliteFile(&rel.Meta))+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, c := range rel.Counts {
				var n int
				if err := db.QueryRow("SELECT count(*) FROM " + c.Table).Scan(&n); err != nil || n != c.Rows {
					t.Errorf("%s: %d rows (%v), the CSV file has %d", c.Table, n, err, c.Rows)
				}
			}
			if got := rowsOf(t, db, "PRAGMA foreign_key_check"); len(got) > 0 {
				t.Errorf("foreign_key_check: %q", got)
			}
			if got := rowsOf(t, db, "PRAGMA integrity_check"); len(got) != 1 || got[0][0] != "ok" {
				t.Errorf("integrity_check: %q", got)
			}
			// Every text of searchFields is found by its longest word.
			for _, f := range searchFields {
				var id, text string
				err := db.QueryRow("SELECT id, "+f[1]+" FROM "+f[0]+" WHERE "+f[1]+" IS NOT NULL ORDER BY id LIMIT 1").Scan(&id, &text)
				if errors.Is(err, sql.ErrNoRows) {
					continue // no record of this release has the field
				}
				if err != nil {
					t.Fatalf("%s.%s: %v", f[0], f[1], err)
				}
				word := longestWord(text)
				found := rowsOf(t, db, "SELECT table_name, id, field FROM search WHERE search MATCH ?", `"`+word+`"`)
				if !containsRow(found, []string{f[0], id, f[1]}) {
					t.Errorf("search for %q finds %q, not %s.%s of %s", word, found, f[0], f[1], id)
				}
			}
			var cites, events int
			db.QueryRow("SELECT count(*) FROM quote_citations").Scan(&cites)
			db.QueryRow("SELECT count(*) FROM event_actors_places").Scan(&events)
			if want := count(rel, "quote_sources"); cites != want {
				t.Errorf("quote_citations has %d rows, quote_sources %d", cites, want)
			}
			if want := count(rel, "events"); events != want {
				t.Errorf("event_actors_places has %d rows, events %d", events, want)
			}
		})
	}
}

// TestSQLiteReproducible: two builds of the same records, into other
// folders, give the same database, byte for byte.
func TestSQLiteReproducible(t *testing.T) {
	var dbs [][]byte
	for i := 0; i < 2; i++ {
		rel := mustBuild(t, fixtureOptions(t, t.TempDir()))
		b, err := os.ReadFile(filepath.Join(rel.Dir, sqliteFile(&rel.Meta)))
		if err != nil {
			t.Fatal(err)
		}
		dbs = append(dbs, b)
	}
	if !bytes.Equal(dbs[0], dbs[1]) {
		t.Fatal("two builds of the same records give different databases")
	}
	if !bytes.HasPrefix(dbs[0], []byte("SQLite format 3\x00")) {
		t.Fatal("not an SQLite database")
	}
}

// TestSQLiteCLI opens the database with the sqlite3 program, as a reader
// would: it reads every table and view, every column named unquoted (no
// column is an SQL keyword), and finds no broken foreign key. Without
// sqlite3 it is skipped, except under CI, where .ci/run installs it.
func TestSQLiteCLI(t *testing.T) {
	cli, err := exec.LookPath("sqlite3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must run this test: .ci/run installs the sqlite3 package")
		}
		t.Skip("no sqlite3 program; install the sqlite3 package to run this test")
	}
	for name, rel := range sqliteReleases(t) {
		t.Run(name, func(t *testing.T) {
			db := filepath.Join(rel.Dir, sqliteFile(&rel.Meta))
			run := func(q string) [][]string {
				t.Helper()
				out, err := exec.Command(cli, "-readonly", "-bail", "-csv", db, q).CombinedOutput()
				if err != nil {
					t.Fatalf("sqlite3 %q: %v\n%s", q, err, out)
				}
				rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
				if err != nil {
					t.Fatalf("sqlite3 %q: %v\n%s", q, err, out)
				}
				return rows
			}
			if got := run("PRAGMA foreign_key_check"); len(got) > 0 {
				t.Errorf("foreign_key_check: %q", got)
			}
			for _, tab := range Tables(mustSchemas(t)) {
				var cols []string
				for _, c := range tab.Columns {
					cols = append(cols, c.Name)
				}
				got := run("SELECT count(*) FROM (SELECT " + strings.Join(cols, ", ") + " FROM " + tab.Name + ")")
				if want := fmt.Sprint(count(rel, tab.Name)); got[0][0] != want {
					t.Errorf("%s: sqlite3 counts %s rows, want %s", tab.Name, got[0][0], want)
				}
			}
			for _, v := range views {
				if got := run("SELECT count(*) FROM " + v.name); got[0][0] == "0" && name == "records" {
					t.Errorf("view %s is empty", v.name)
				}
			}
			if got := run("SELECT count(*) FROM search WHERE search MATCH 'the'"); got[0][0] == "0" {
				t.Error("the search index finds no text with \"the\"")
			}
		})
	}
}

// TestNoKeywordColumns: no table or column is named with a word that
// SQLite, DuckDB or PostgreSQL reserve, so that every name can be written
// unquoted (the reserved words of PostgreSQL, from which DuckDB's come).
func TestNoKeywordColumns(t *testing.T) {
	reserved := map[string]bool{}
	for _, w := range strings.Fields(`all analyse analyze and any array as asc asymmetric both case cast check collate column
		constraint create current_catalog current_date current_role current_time current_timestamp current_user default
		deferrable desc distinct do else end except false fetch for foreign from grant group having in initially intersect
		into lateral leading limit localtime localtimestamp not null offset on only or order placing primary references
		returning select session_user some symmetric system_user table then to trailing true union unique user using
		variadic when where window with abort action add after attach autoincrement before begin by cascade commit conflict
		cross database deferred delete detach drop each escape exclusive exists explain fail full glob if ignore immediate
		index indexed inner insert instead is isnull join key left like match natural no notnull of outer plan pragma query
		raise recursive regexp reindex release rename replace restrict right rollback row savepoint set temp temporary
		transaction trigger update vacuum values view virtual`) {
		reserved[w] = true
	}
	for _, tab := range Tables(mustSchemas(t)) {
		if reserved[tab.Name] {
			t.Errorf("table %s is a reserved word", tab.Name)
		}
		for _, c := range tab.Columns {
			if reserved[c.Name] {
				t.Errorf("column %s.%s is a reserved word", tab.Name, c.Name)
			}
		}
	}
}

func rowsOf(t *testing.T, db *sql.DB, q string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	return out
}

func containsRow(rows [][]string, want []string) bool {
	for _, r := range rows {
		if strings.Join(r, "\x00") == strings.Join(want, "\x00") {
			return true
		}
	}
	return false
}

// longestWord is the longest run of letters in s.
func longestWord(s string) string {
	best := ""
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
		if len(w) > len(best) {
			best = w
		}
	}
	return best
}

func count(rel *Release, table string) int {
	for _, c := range rel.Counts {
		if c.Table == table {
			return c.Rows
		}
	}
	return -1
}

func mustSchemas(t *testing.T) *schemas.Set {
	t.Helper()
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestMultilineTextSame: a text with line breaks (and a quote, a comma, a
// blank line) is the same text, byte for byte, in the CSV file as in the
// JSON Lines file and the SQLite database: the CSV writer must not turn
// its \n into \r\n.
func TestMultilineTextSame(t *testing.T) {
	const summary = "one\ntwo, \"three\"\n\nfour\n"
	dir := t.TempDir()
	records := filepath.Join(dir, "records", "sources")
	if err := os.MkdirAll(records, 0o755); err != nil {
		t.Fatal(err)
	}
	src := "id: s\nstatus: active\ntitle: S\nkind: article\nsummary: |\n  one\n  two, \"three\"\n\n  four\nsources:\n  - source: s\n    locator: p. 1\n"
	if err := os.WriteFile(filepath.Join(records, "s.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	o := fixtureOptions(t, t.TempDir())
	o.Records = filepath.Join(dir, "records")
	rel := mustBuild(t, o)

	b, err := os.ReadFile(filepath.Join(rel.Dir, "sources.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `"one` + "\n" + `two, ""three""` + "\n\nfour\n" + `"`; !bytes.Contains(b, []byte(want)) || bytes.Contains(b, []byte("\r")) {
		t.Errorf("sources.csv does not hold the summary as it is:\n%q", b)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("sources.csv: %d rows, %v", len(rows), err)
	}
	col := -1
	for i, name := range rows[0] {
		if name == "summary" {
			col = i
		}
	}
	if col < 0 || rows[1][col] != summary {
		t.Errorf("sources.csv summary = %q, want %q", rows[1][col], summary)
	}

	line, err := os.ReadFile(filepath.Join(rel.Dir, "sources.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var rec struct{ Summary string }
	if err := json.Unmarshal(line, &rec); err != nil || rec.Summary != summary {
		t.Errorf("sources.jsonl summary = %q (%v), want %q", rec.Summary, err, summary)
	}

	db, err := sql.Open("sqlite", "file:"+filepath.Join(rel.Dir, sqliteFile(&rel.Meta))+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var got string
	if err := db.QueryRow("SELECT summary FROM sources WHERE id = 's'").Scan(&got); err != nil || got != summary {
		t.Errorf("SQLite summary = %q (%v), want %q", got, err, summary)
	}
}
