package release

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/validate/edtf"
)

// TestFarDays builds the fixture with an event from -0044-03-15 to the
// winter of 9999 (to 10000-03-31) and an actor's role from the year 0000:
// days that ISO 8601 writes but a Table Schema date cannot hold. Their
// columns, and only theirs, are typed string in datapackage.json, with
// their description saying why, and every CSV cell still reads as its
// type; Parquet holds the days, SQLite their text.
func TestFarDays(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, fixture, dir)
	recs := filepath.Join(dir, "records")
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(recs, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("events/ides-of-march.yaml", "id: ides-of-march\nstatus: active\ntitle: From the Ides of March\n"+
		"date: -0044-03-15/9999-24\nsources:\n  - source: daily-report\n    locator: para. 9\n")
	write("actors/old-chair.yaml", "id: old-chair\nstatus: active\nname: Old Chair\ntype: person\n"+
		"roles:\n  - title: chair\n    start_date: \"0000\"\n    end_date: \"2000\"\n"+
		"sources:\n  - source: daily-report\n    locator: para. 9\n")
	o := fixtureOptions(t, t.TempDir())
	o.Records = recs
	rel := mustBuild(t, o)
	checkTableSchemas(t, rel.Dir)

	want := map[string]string{ // table.column -> type; every other Date column stays date
		"events.date_earliest":            "string",
		"events.date_latest":              "string",
		"actor_roles.start_date_earliest": "string",
		"actor_roles.start_date_latest":   "string",
		"actor_roles.end_date_earliest":   "date",
		"quotes.date_earliest":            "date",
	}
	dates := 0
	for _, r := range readPackage(t, rel.Dir) {
		if r.Schema == nil {
			continue // not a CSV file
		}
		for _, f := range r.Schema.Fields {
			key := r.Name + "." + f.Name
			far := strings.Contains(f.Description, "0001–9999")
			switch {
			case want[key] == "string" && (f.Type != "string" || !far):
				t.Errorf("%s: type %q, description %q; want a string that says why", key, f.Type, f.Description)
			case want[key] != "string" && (strings.HasSuffix(f.Name, "_earliest") || strings.HasSuffix(f.Name, "_latest")):
				if f.Type != "date" || far {
					t.Errorf("%s: type %q, description %q; want a date", key, f.Type, f.Description)
				}
				dates++
			}
		}
	}
	if dates < 8 {
		t.Errorf("only %d date columns left", dates)
	}

	events, _ := os.ReadFile(filepath.Join(rel.Dir, "events.csv"))
	if !bytes.Contains(events, []byte(",'-0044-03-15/9999-24,-0044-03-15,10000-03-31,")) {
		t.Errorf("events.csv lacks the far days:\n%s", events)
	}
	days := parquetDays(t, filepath.Join(rel.Dir, "events.parquet"), "date_earliest")
	if !contains(days, edtf.DayOf(-44, 3, 15).String()) {
		t.Errorf("events.parquet date_earliest = %q, want -0044-03-15 among them", days)
	}
	days = parquetDays(t, filepath.Join(rel.Dir, "events.parquet"), "date_latest")
	if !contains(days, "10000-03-31") {
		t.Errorf("events.parquet date_latest = %q, want 10000-03-31 among them", days)
	}

	db, err := sql.Open("sqlite", "file:"+filepath.Join(rel.Dir, sqliteFile(&rel.Meta))+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The driver reads a DATE column it can parse as a time: the cells
	// are cast to text to see what the file holds.
	for q, want := range map[string]string{
		"SELECT CAST(date_earliest AS TEXT), typeof(date_earliest), CAST(date_latest AS TEXT) FROM events WHERE id = 'ides-of-march'": "-0044-03-15 text 10000-03-31",
		"SELECT CAST(start_date_earliest AS TEXT), CAST(start_date_latest AS TEXT) FROM actor_roles WHERE actor_id = 'old-chair'":     "0000-01-01 0000-12-31",
	} {
		if got := rowsOf(t, db, q); len(got) != 1 || strings.Join(got[0], " ") != want {
			t.Errorf("%s: %q, want %s", q, got, want)
		}
	}
}

// parquetDays reads the values of one top-level DATE column as days,
// nulls left out.
func parquetDays(t *testing.T, path, column string) []string {
	var out []string
	for _, v := range parquetValues(t, path, column) {
		if !v.IsNull() {
			out = append(out, edtf.Day(v.Int32()).String())
		}
	}
	return out
}
