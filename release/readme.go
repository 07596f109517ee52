package release

import (
	"fmt"

	"io"
	"strings"

	"github.com/dossier-data/dossier/changes"
)

// sqlType names a column's type as DuckDB and Spark show it when they read
// the Parquet file.
func sqlType(c *Column) string {
	switch c.Type {
	case Date:
		return "DATE"
	case Integer:
		return "BIGINT"
	case Number:
		return "DOUBLE"
	case Boolean:
		return "BOOLEAN"
	case List:
		return "VARCHAR[]"
	}
	return "VARCHAR"
}

// cellText makes text safe inside a Markdown table cell.
func cellText(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.Join(strings.Fields(s), " ")
}

// writeReadme writes the release's README.md: what the dataset is, the
// tables with their row counts, how the files are laid out and how to load
// them, the data dictionary, the licence and how to cite.
func writeReadme(w io.Writer, m *Meta, data []*Data, ch *changes.Report) error {
	c := m.Dataset
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	// The title, home page, licences and citation come from dossier.yaml
	// as plain text: escaped for Markdown. The description is Markdown.
	md := changes.MarkdownText
	p("# %s %s\n\n", md(c.Title), md(m.Version))
	if c.Description != "" {
		p("%s\n\n", strings.TrimSpace(c.Description))
	}
	p("Release %s of the dataset `%s`, compiled by dossier %s from the hand-curated records of the dataset, ", m.Version, c.Name, m.Tool)
	p("as of %s (the last change to its records). Every record is validated against the dataset's JSON Schemas before it is compiled; ", m.createdText())
	p("the columns, their types and the data dictionary below are derived from those schemas.\n\n")
	if c.Homepage != "" {
		p("Home page: %s\n\n", md(c.Homepage))
	}

	p("## Tables\n\n")
	p("| table | rows | what a row is |\n|---|---:|---|\n")
	for _, d := range data {
		p("| `%s` | %d | %s |\n", d.Name, d.Count, cellText(d.Description))
	}
	p("\nThe first six are the record kinds, one row per record, sorted by `id`; withdrawn records stay, with `status` = `withdrawn`, so an ID is never reused. ")
	p("Each list field of a record (a record's actors, its sources, an actor's roles) also has a link table, one row per item, ")
	p("with the owner's ID, the item's `position` in the list (from 1) and the item: join it to the kind tables on the IDs.\n\n")
	if ch != nil {
		p("Since the previous release (%s): %d added, %d changed, %d withdrawn, %d removed; see `CHANGELOG.md` and `changes.jsonl`.\n\n",
			changes.MarkdownText(ch.Old), len(ch.Added), len(ch.Changed), len(ch.Withdrawn), len(ch.Removed))
	}

	p("## Files\n\n")
	p("| file | what it holds |\n|---|---|\n")
	p("| `<table>.parquet` | every table, typed: text is STRING, days are DATE, lists are LIST; compressed with zstd |\n")
	p("| `<table>.csv` | every table as CSV (see below) |\n")
	p("| `<kind>.jsonl` | the six kind tables as JSON Lines: one record per line, keys in schema order, nested objects and lists as in the records; a field the record leaves out is `null`, and each date comes with the derived keys of the tables (`<field>_earliest`, `_latest`, `_precision`, `_uncertain`, `_approximate`) |\n")
	p("| `dataset.json` | the six kind tables in one JSON document, for web pages |\n")
	p("| `%s` | every table in one SQLite database, with declared types, primary and foreign keys; `search`, a full-text index (FTS5) of quote texts, event titles and summaries, figure measures and wordings, and the names, titles and summaries of actors, places and sources; and the views `quote_citations` (each quote with its speaker, role, date and source locator, one row per citation) and `event_actors_places` (each event with its actors and places). Lists are JSON arrays, booleans 0 and 1, days `YYYY-MM-DD` |\n", sqliteFile(m))
	p("| `datapackage.json` | a Frictionless Data Package (v2) descriptor: every file with its size and SHA-256, and the Table Schema of each CSV file |\n")
	if ch != nil {
		p("| `CHANGELOG.md`, `changes.jsonl` | what changed since the previous release |\n")
	}
	p("| `index.html` | the release at a glance, to open in a browser: what it holds, every file, a timeline, every record with its sources |\n")
	p("| `SHA256SUMS` | the SHA-256 of every other file: check with `sha256sum -c SHA256SUMS` |\n\n")

	p("### Dates\n\n")
	p("Dates are written in the Extended Date/Time Format (EDTF): `2023-06-20`, `2023-06`, `2023`, `2022-22` (summer 2022), ")
	p("`2023-06-20?` (uncertain), `2016~` (approximate), `2013/2016` (an interval), `2013/..` (open end). ")
	p("Every date column keeps that text and comes with five columns derived from it:\n\n")
	p("| column | type | what it holds |\n|---|---|---|\n")
	p("| `<column>_earliest`, `<column>_latest` | DATE | the first and the last day the text covers (`2023-06` covers 2023-06-01 to 2023-06-30; a season covers four whole months, the meteorological and the astronomical season of the northern hemisphere: `2022-22` is 2022-06-01 to 2022-09-30; `2013/2016` covers 2013-01-01 to 2016-12-31); null at an open or unknown end |\n")
	p("| `<column>_precision` | text | how precisely the date is written: `time`, `day`, `month`, `season`, `year`, `decade` (`201X`), `century` (`20XX`) or `interval` (the precision of its ends is in the text); null when the date is |\n")
	p("| `<column>_uncertain` | BOOLEAN | the date is marked uncertain (`?`, or `%%` for both); false, never null, otherwise |\n")
	p("| `<column>_approximate` | BOOLEAN | the date is marked approximate (`~`, or `%%`); false, never null, otherwise |\n\n")
	p("The qualifiers do not widen the range of the first two: filter on them, and on the other three for how certain the date is ")
	p("(`WHERE date_precision = 'day' AND NOT date_uncertain`). Every other boolean column is false, never null, when its record does not set it.\n\n")

	p("### Lists and link tables\n\n")
	p("A list field is a list column of its kind table and a link table with one row per item: the owner's ID, always named `<kind>_id`, ")
	p("the item's `position` in the list (from 1), and the item. A list of objects is a list of each item's first field in the kind table, ")
	p("and the objects whole in the link table: a record's `sources` (each a source and a locator) is `source_ids` in the kind table, ")
	p("and `<kind>_sources` holds each source ID with its `locator`; an actor's `roles` is `role_titles`, and `actor_roles` holds each role whole.\n\n")

	p("### CSV\n\n")
	p("RFC 4180 with LF (`\\n`) line ends: UTF-8 without byte-order mark, comma-separated, a header row, fields quoted with `\"` when they hold a comma, a quote or a line break. A text's own line breaks are kept as they are, so a cell holds the same text as JSON, Parquet and SQLite. ")
	p("Null is an empty cell. A list column holds its items joined with `%s` (an item that itself holds `%s` is ambiguous there: use the link table). ", ListSeparator, ListSeparator)
	p("Numbers use a dot for decimals; booleans are `true` and `false`; days are `YYYY-MM-DD`.\n\n")
	p("**Spreadsheet safety.** In the CSV files only, a text or list cell that starts with `=`, `+`, `-`, `@`, a tab, a carriage return or an apostrophe ")
	p("gets one more apostrophe (`'`) in front, so that spreadsheet programs show it as text instead of running it as a formula (OWASP, CSV injection). ")
	p("To get the exact text back, remove one leading apostrophe from every text or list cell that starts with one: that undoes the guard always, ")
	p("also for a text that itself began with an apostrophe. Numbers, booleans and days are never guarded. ")
	p("The Parquet, JSON and SQLite files hold the text unchanged.\n\n")

	p("## Query it\n\n")
	p("Each command answers a question in one line; run it in this folder. ")
	p("They need [DuckDB](https://duckdb.org), the `sqlite3` program, [Datasette](https://datasette.io) or Python with pandas; ")
	p("each is tested against the records before the release is published.\n\n")
	for _, o := range OneLiners(m) {
		p("%s (%s over %s):\n\n```sh\n%s\n```\n\n", md(o.Question), o.Tool, o.Over, o.Command)
	}
	p("## Loading\n\n")
	p("DuckDB:\n\n```sql\nSELECT * FROM 'events.parquet';\nSELECT * FROM read_csv('events.csv');\nSELECT * FROM read_json('events.jsonl');\n")
	p("SELECT e.title, a.name FROM 'event_actors.parquet' ea JOIN 'events.parquet' e ON e.id = ea.event_id JOIN 'actors.parquet' a ON a.id = ea.actor;\n```\n\n")
	p("SQLite:\n\n```sh\nsqlite3 %s '.tables'\n```\n\n", sqliteFile(m))
	p("pandas:\n\n```python\nimport pandas as pd\nevents = pd.read_parquet(\"events.parquet\")\n")
	p("events = pd.read_csv(\"events.csv\", keep_default_na=False, na_values=[\"\"])\nevents = pd.read_json(\"events.jsonl\", lines=True)\n")
	p("import sqlite3\nevents = pd.read_sql(\"SELECT * FROM events\", sqlite3.connect(\"%s\"))\n```\n\n", sqliteFile(m))
	p("Spark:\n\n```python\nevents = spark.read.parquet(\"events.parquet\")\nevents = spark.read.option(\"header\", True).csv(\"events.csv\")\nevents = spark.read.json(\"events.jsonl\")\n```\n\n")

	p("## Data dictionary\n\n")
	p("Types are those of the Parquet files as DuckDB names them; in CSV a list is text joined with `%s`. \"null\" says whether the column may be empty.\n", ListSeparator)
	for _, d := range data {
		p("\n### %s\n\n%s\n\n", d.Name, d.Description)
		p("| column | type | null | description |\n|---|---|---|---|\n")
		for _, col := range d.Columns {
			null := "no"
			if col.Nullable {
				null = "yes"
			}
			desc := col.Description
			if col.Ref != "" && col.Type != List {
				desc += " References `" + tableRef(data, col.Ref) + ".id`."
			}
			if len(col.Enum) > 0 {
				desc += " One of: " + strings.Join(col.Enum, ", ") + "."
			}
			if col.LinkTable != "" {
				desc += " One row per item in `" + col.LinkTable + "`."
			}
			p("| `%s` | %s | %s | %s |\n", col.Name, sqlType(col), null, cellText(desc))
		}
	}

	p("\n## Licence\n\n")
	if len(c.Licenses) == 0 {
		p("No licence is declared for this dataset; ask its maintainers before reusing it.\n")
	}
	for _, l := range c.Licenses {
		name := l.Title
		if name == "" {
			name = l.Name
		}
		if l.Path != "" {
			p("- %s: %s\n", md(name), md(l.Path))
		} else {
			p("- %s\n", md(name))
		}
	}

	p("\n## How to cite\n\n")
	if c.Citation != "" {
		p("%s\n", md(strings.TrimSpace(c.Citation)))
	} else {
		p("%s, version %s (%s).", md(c.Title), md(m.Version), m.Created.UTC().Format("2006-01-02"))
		if c.Homepage != "" {
			p(" %s", md(c.Homepage))
		}
		p("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func tableRef(data []*Data, kind string) string {
	for _, d := range data {
		if !d.Link() && d.Kind.Name == kind {
			return d.Name
		}
	}
	return kind
}
