package interop

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/release"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate"

	_ "github.com/duckdb/duckdb-go/v2"
)

// build compiles a records folder into a fresh dist and returns the release.
func build(t *testing.T, records, configFile string) *release.Release {
	t.Helper()
	cfg, _, err := config.Read(filepath.Dir(configFile), validate.Rules())
	if err != nil {
		t.Fatal(err)
	}
	rel, diags, err := release.Build(release.Options{
		Meta:    release.Meta{Dataset: cfg.Dataset, Version: "9.9.9", Created: time.Unix(1700000000, 0).UTC(), Tool: "interop"},
		Records: records,
		Dist:    t.TempDir(),
	})
	if err != nil {
		t.Fatalf("build %s: %v\n%v", records, err, diags)
	}
	return rel
}

// TestDuckDB opens every Parquet, CSV and JSON Lines file of a release of
// the fixture dataset (and of records/ when the repository has it) with
// DuckDB and checks row counts, column types and every value against the
// JSON Lines files, which hold the records as they are.
func TestDuckDB(t *testing.T) {
	sets := map[string]*release.Release{
		"fixture": build(t, "../release/testdata/fixture/records", "../release/testdata/fixture/dossier.yaml"),
	}
	if info, err := os.Stat("../records"); err == nil && info.IsDir() {
		sets["records"] = build(t, "../records", "../dossier.yaml")
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	tables := release.Tables(set)
	for name, rel := range sets {
		t.Run(name, func(t *testing.T) {
			want := expected(t, rel.Dir, tables)
			for _, tab := range tables {
				t.Run(tab.Name, func(t *testing.T) {
					rows := want[tab.Name]
					checkParquet(t, db, filepath.Join(rel.Dir, tab.Name+".parquet"), tab, rows)
					checkCSV(t, db, filepath.Join(rel.Dir, tab.Name+".csv"), tab, rows)
					if !tab.Link() {
						checkJSONL(t, db, filepath.Join(rel.Dir, tab.Name+".jsonl"), tab, rows)
					}
				})
			}
		})
	}
}

// duckType is the type DuckDB shows for a release column read from Parquet.
func duckType(c *release.Column) string {
	switch c.Type {
	case release.Date:
		return "DATE"
	case release.Integer:
		return "BIGINT"
	case release.Number:
		return "DOUBLE"
	case release.Boolean:
		return "BOOLEAN"
	case release.List:
		return "VARCHAR[]"
	}
	return "VARCHAR"
}

// csvType is the DuckDB type a CSV column is read as: lists are text.
func csvType(c *release.Column) string {
	if c.Type == release.List {
		return "VARCHAR"
	}
	return duckType(c)
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func describe(t *testing.T, db *sql.DB, from string) (names, types []string) {
	t.Helper()
	rows, err := db.Query("DESCRIBE SELECT * FROM " + from)
	if err != nil {
		t.Fatalf("DESCRIBE %s: %v", from, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		names = append(names, fmt.Sprint(vals[0]))
		types = append(types, strings.ReplaceAll(fmt.Sprint(vals[1]), `"`, ""))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return names, types
}

func query(t *testing.T, db *sql.DB, q string) [][]any {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

func orderBy(tab *release.Table) string {
	return strings.Join(tab.PrimaryKey(), ", ")
}

func checkParquet(t *testing.T, db *sql.DB, path string, tab *release.Table, want [][]any) {
	from := "read_parquet(" + quote(path) + ")"
	names, types := describe(t, db, from)
	for i, c := range tab.Columns {
		if i >= len(names) || names[i] != c.Name || types[i] != duckType(c) {
			t.Errorf("parquet column %d: got %v %v, want %s %s", i, at(names, i), at(types, i), c.Name, duckType(c))
		}
	}
	if len(names) != len(tab.Columns) {
		t.Errorf("parquet has %d columns, want %d", len(names), len(tab.Columns))
	}
	got := query(t, db, "SELECT * FROM "+from+" ORDER BY "+orderBy(tab))
	compare(t, "parquet", tab, got, want, false)
}

func checkCSV(t *testing.T, db *sql.DB, path string, tab *release.Table, want [][]any) {
	var cols []string
	for _, c := range tab.Columns {
		cols = append(cols, quote(c.Name)+": "+quote(csvType(c)))
	}
	from := "read_csv(" + quote(path) + ", header = true, delim = ',', quote = '\"', escape = '\"', nullstr = '', auto_detect = false, columns = {" + strings.Join(cols, ", ") + "})"
	names, types := describe(t, db, from)
	for i, c := range tab.Columns {
		if i >= len(names) || names[i] != c.Name || types[i] != csvType(c) {
			t.Errorf("csv column %d: got %v %v, want %s %s", i, at(names, i), at(types, i), c.Name, csvType(c))
		}
	}
	got := query(t, db, "SELECT * FROM "+from+" ORDER BY "+orderBy(tab))
	compare(t, "csv", tab, got, want, true)
	// DuckDB's own sniffer agrees on the shape.
	n := query(t, db, "SELECT count(*) FROM read_csv("+quote(path)+")")
	if len(want) > 0 && fmt.Sprint(n[0][0]) != fmt.Sprint(len(want)) {
		t.Errorf("read_csv with detection counts %v rows, want %d", n[0][0], len(want))
	}
	// The header row is exactly the columns.
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Error("CSV starts with a byte-order mark")
	}
}

func checkJSONL(t *testing.T, db *sql.DB, path string, tab *release.Table, want [][]any) {
	if len(want) == 0 {
		return // DuckDB cannot infer columns from an empty file
	}
	from := "read_json(" + quote(path) + ", format = 'newline_delimited')"
	names, types := describe(t, db, from)
	typeOf := map[string]string{}
	for i, n := range names {
		typeOf[n] = types[i]
	}
	got := query(t, db, "SELECT count(*) FROM "+from)
	if fmt.Sprint(got[0][0]) != fmt.Sprint(len(want)) {
		t.Errorf("read_json counts %v rows, want %d", got[0][0], len(want))
	}
	ids := query(t, db, "SELECT id FROM "+from)
	for i, r := range ids {
		if r[0] != want[i][0] {
			t.Errorf("read_json row %d id %v, want %v (sorted by id)", i, r[0], want[i][0])
		}
	}
	if typeOf["id"] != "VARCHAR" {
		t.Errorf("read_json id is %s", typeOf["id"])
	}
	// Days are written so that DuckDB reads them as DATE unaided.
	for j, c := range tab.Columns {
		if c.Type != release.Date || typeOf[c.Name] == "" { // "" : inside a nested object in JSON
			continue
		}
		seen := false
		for _, r := range want {
			seen = seen || r[j] != nil
		}
		if seen && typeOf[c.Name] != "DATE" {
			t.Errorf("read_json reads %s as %s, not DATE", c.Name, typeOf[c.Name])
		}
	}
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "(none)"
}

// compare checks DuckDB's rows against the expected cells. In CSV, lists
// are joined with ";" and text is guarded.
func compare(t *testing.T, format string, tab *release.Table, got, want [][]any, csv bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d", format, len(got), len(want))
		return
	}
	for i := range want {
		for j, c := range tab.Columns {
			w := want[i][j]
			if csv {
				w = csvCell(c, w)
			}
			if !same(got[i][j], w) {
				t.Errorf("%s row %d (%v) column %s: got %#v, want %#v", format, i, want[i][0], c.Name, got[i][j], w)
			}
		}
	}
}

// csvCell is what a CSV cell holds for an expected value: lists joined
// with ";", text guarded (release.Guard) and read back unguarded the same.
func csvCell(c *release.Column, v any) any {
	if v == nil {
		return nil
	}
	var s string
	switch x := v.(type) {
	case []any:
		var parts []string
		for _, it := range x {
			parts = append(parts, fmt.Sprint(it))
		}
		s = strings.Join(parts, ";")
	case string:
		s = x
	default:
		return v
	}
	if c.Type == release.String || c.Type == release.List {
		g := release.Guard(s)
		if strings.TrimPrefix(g, "'") != s {
			return "guard cannot be undone: " + g
		}
		return g
	}
	return s
}

// same compares a DuckDB value with an expected JSON-derived value: dates
// as YYYY-MM-DD text, numbers as float64, lists and structs member-wise.
func same(got, want any) bool {
	switch g := got.(type) {
	case time.Time:
		return g.Format("2006-01-02") == want
	case int64:
		f, ok := want.(float64)
		return ok && float64(g) == f
	case int32:
		f, ok := want.(float64)
		return ok && float64(g) == f
	case float64:
		f, ok := want.(float64)
		return ok && (g == f || math.Abs(g-f) < 1e-12*math.Abs(f))
	case []any:
		w, ok := want.([]any)
		if !ok || len(w) != len(g) {
			return false
		}
		for i := range g {
			if !same(g[i], w[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		w, ok := want.(map[string]any)
		if !ok || len(w) != len(g) {
			return false
		}
		for k := range g {
			if !same(g[k], w[k]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(got, want)
}

// expected reads the JSON Lines files of a release and derives the rows
// every table should hold: nested objects flattened with "_" (withdrawn ->
// withdrawn_reason), a list of objects as the list of each item's first
// field (sources -> source_ids), list items as link-table rows with the
// owner's ID and a position from 1. It does not use the release compiler's
// code, only its documented rules and the columns' names.
func expected(t *testing.T, dir string, tables []*release.Table) map[string][][]any {
	out := map[string][][]any{}
	records := map[string][]map[string]any{}
	for _, tab := range tables {
		if tab.Link() {
			continue
		}
		f, err := os.Open(filepath.Join(dir, tab.Name+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Fatal(err)
			}
			records[tab.Name] = append(records[tab.Name], flatten(m))
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	for _, tab := range tables {
		if !tab.Link() {
			for _, r := range records[tab.Name] {
				row := make([]any, len(tab.Columns))
				for i, c := range tab.Columns {
					row[i] = r[c.Name]
					if c.Elem != nil {
						row[i] = firstOfEach(r[c.Field.Name], c.Elem[0].Name)
					}
				}
				out[tab.Name] = append(out[tab.Name], row)
			}
			continue
		}
		for _, r := range records[tab.Owner] {
			items, _ := r[tab.List.Field.Name].([]any)
			for i, it := range items {
				row := []any{r["id"], float64(i + 1)}
				if m, ok := it.(map[string]any); ok {
					for _, c := range tab.Columns[2:] {
						row = append(row, m[c.Name])
					}
				} else {
					row = append(row, it)
				}
				out[tab.Name] = append(out[tab.Name], row)
			}
		}
		sort.SliceStable(out[tab.Name], func(i, j int) bool {
			a, b := out[tab.Name][i], out[tab.Name][j]
			if a[0] != b[0] {
				return a[0].(string) < b[0].(string)
			}
			return a[1].(float64) < b[1].(float64)
		})
	}
	return out
}

// firstOfEach is the list of each item's key, or nil for no list.
func firstOfEach(list any, key string) any {
	items, ok := list.([]any)
	if !ok {
		return nil
	}
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it.(map[string]any)[key]
	}
	return out
}

// flatten turns nested objects into prefix_name keys; lists stay.
func flatten(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			for sk, sv := range flatten(sub) {
				out[k+"_"+sk] = sv
			}
			continue
		}
		out[k] = v
	}
	return out
}
