package release

import (
	"strings"

	"github.com/dossier-data/dossier/releasepage"
)

// A OneLiner is a ready command that answers a common question from the
// files of a release, run in the release folder. The release README and
// the release page show these and only these, and a test in the interop
// module runs each where its tool is installed and checks its answer
// against the records: one list, so that the three cannot drift.
type OneLiner struct {
	ID       string // names it in the tests
	Tool     string // DuckDB, sqlite3, Datasette or pandas
	Over     string // which files it reads
	Question string
	Command  string // the command line
	SQL      string // the query the command runs, for DuckDB and sqlite3
}

// OneLiners returns the one-liners of release m.
func OneLiners(m *Meta) []OneLiner {
	db := sqliteFile(m)
	duck := func(id, q, sql string) OneLiner {
		return OneLiner{ID: id, Tool: "DuckDB", Over: "the Parquet files", Question: q, SQL: sql, Command: `duckdb -c "` + sql + `"`}
	}
	lite := func(id, q, sql string) OneLiner {
		return OneLiner{ID: id, Tool: "sqlite3", Over: "the SQLite database", Question: q, SQL: sql,
			Command: "sqlite3 -header -csv " + db + ` "` + sql + `"`}
	}
	return []OneLiner{
		duck("official-quotes", "Every quote said in an official role (a minister, a police chief), with its speaker, date and source paragraph",
			"SELECT a.name AS speaker, q.role, q.date, s.title AS source, c.locator, q.text "+
				"FROM 'quotes.parquet' q JOIN 'actors.parquet' a ON a.id = q.speaker "+
				"JOIN 'quote_sources.parquet' c ON c.quote_id = q.id JOIN 'sources.parquet' s ON s.id = c.source "+
				"WHERE q.role IS NOT NULL ORDER BY q.date_earliest, q.id, c.position"),
		duck("certain-dates", "The events whose date is certain (neither uncertain, approximate nor open at an end), with how precisely it is known",
			"SELECT date, date_precision, title FROM 'events.parquet' "+
				"WHERE NOT date_uncertain AND NOT date_approximate AND date_earliest IS NOT NULL AND date_latest IS NOT NULL ORDER BY date_earliest, id"),
		lite("official-quotes", "The same quotes, from the database's view of quotes with their speakers and sources",
			"SELECT speaker_name, role, date, locator, text FROM quote_citations WHERE role IS NOT NULL ORDER BY date_earliest, quote_id, citation"),
		lite("search-police", "Every record whose text mentions the police (quotes, events, figures, and the names and summaries of actors, places and sources), by full-text search",
			"SELECT table_name, id, field, snippet(search, 0, '[', ']', '...', 12) AS excerpt FROM search WHERE search MATCH 'police' ORDER BY table_name, id, field"),
		lite("events-in-order", "Every event in order of date, with who took part and where",
			"SELECT date, title, actors, places FROM event_actors_places ORDER BY date_earliest, event_id"),
		{ID: "official-quotes", Tool: "Datasette", Over: "the SQLite database",
			Question: "The quotes said in an official role as CSV, through Datasette, which also serves every table to browse and search in a browser: datasette " + db,
			Command:  "datasette " + db + ` --get "/` + strings.TrimSuffix(db, ".sqlite") + `/quote_citations.csv?role__notblank=1&_size=max"`},
		{ID: "quotes-per-speaker", Tool: "pandas", Over: "the CSV files",
			Question: "How many quotes each speaker has in the dataset",
			Command: `python3 -c "import pandas as pd; q = pd.read_csv('quotes.csv'); a = pd.read_csv('actors.csv'); ` +
				`print(q.merge(a, left_on='speaker', right_on='id').groupby('name').size().sort_values(ascending=False).to_string())"`},
	}
}

// pageQueries gives the one-liners of m to the release page.
func pageQueries(m *Meta) []releasepage.Query {
	var out []releasepage.Query
	for _, o := range OneLiners(m) {
		out = append(out, releasepage.Query{Tool: o.Tool, Over: o.Over, Question: o.Question, Command: o.Command})
	}
	return out
}
