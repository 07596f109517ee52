package release

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/dossier-data/dossier/validate/edtf"

	_ "modernc.org/sqlite" // the pure-Go SQLite: no C toolchain
)

// The SQLite database of a release, <name>.sqlite, holds every table as
// the CSV and Parquet files do, with declared types, primary keys and
// foreign keys; a full-text index, search, over the texts people look
// for words in; and views for the questions asked most. Nothing in it
// depends on the machine or the clock: the same records give the same
// bytes (TestSQLiteReproducible).
//
// It is written by its own pass over the kinds (writeKind with sqliteFormat),
// one table after another in the order of the tables, in one transaction
// with prepared statements that insert many rows at once; the pass runs
// beside the passes of the other files.

// sqliteDescription says what the database holds, where it is offered.
const sqliteDescription = "Every table in one SQLite database, as in the CSV files, with types, primary and foreign keys; " +
	"search, a full-text index of quote texts, event titles and summaries, figure measures and wordings, and the names, titles and summaries of actors, places and sources; " +
	"and the views quote_citations (each quote with its speaker, role, date and source locator) and event_actors_places (each event with its actors and places)."

// sqliteFile is the database's name in the release folder.
func sqliteFile(m *Meta) string { return m.Dataset.Name + ".sqlite" }

// identRE is what a table or column name must look like to be written into
// SQL unquoted: the schemas' field names are.
var identRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// sqlDecl is a column's declared type in SQLite: TEXT, DATE (YYYY-MM-DD
// text), INTEGER, REAL, BOOLEAN (0 or 1), and a list as a JSON array of
// text, TEXT.
func sqlDecl(c *Column) string {
	switch c.Type {
	case Date:
		return "DATE"
	case Integer:
		return "INTEGER"
	case Number:
		return "REAL"
	case Boolean:
		return "BOOLEAN"
	}
	return "TEXT"
}

// createTable is the CREATE TABLE statement of t; kinds maps a kind's name
// to its table, for the foreign keys.
func createTable(t *Table, kinds map[string]string) (string, error) {
	if !identRE.MatchString(t.Name) {
		return "", fmt.Errorf("table name %q cannot be a SQL name", t.Name)
	}
	var b strings.Builder
	b.WriteString("CREATE TABLE " + t.Name + " (\n")
	for _, c := range t.Columns {
		if !identRE.MatchString(c.Name) {
			return "", fmt.Errorf("column %s.%s cannot be a SQL name", t.Name, c.Name)
		}
		b.WriteString("  " + c.Name + " " + sqlDecl(c))
		if !c.Nullable {
			b.WriteString(" NOT NULL")
		}
		switch {
		case c.Type == Boolean:
			b.WriteString(" CHECK (" + c.Name + " IN (0, 1))")
		case c.Type == String && c.Enum != nil:
			b.WriteString(" CHECK (" + c.Name + " IN (" + sqlTexts(c.Enum) + "))")
		}
		if target := kinds[c.Ref]; target != "" && c.Type != List {
			b.WriteString(" REFERENCES " + target + " (id)")
		}
		b.WriteString(",\n")
	}
	b.WriteString("  PRIMARY KEY (" + strings.Join(t.PrimaryKey(), ", ") + ")\n) WITHOUT ROWID")
	return b.String(), nil
}

// sqlTexts writes texts as SQL string literals, separated by commas.
func sqlTexts(texts []string) string {
	q := make([]string, len(texts))
	for i, s := range texts {
		q[i] = "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return strings.Join(q, ", ")
}

// searchFields are the texts the full-text index holds: table, column.
var searchFields = [][2]string{{"quotes", "text"}, {"events", "title"}, {"events", "summary"}, {"figures", "measure"}, {"figures", "wording"},
	{"actors", "name"}, {"actors", "summary"}, {"places", "name"}, {"places", "summary"}, {"sources", "title"}, {"sources", "summary"}}

// view is one view of the database and the columns it needs, table.column;
// a view whose columns a dataset's schemas lack is left out.
type view struct {
	name, sql string
	needs     []string
}

// views are the answers to the questions asked most.
var views = []view{
	{name: "quote_citations", needs: []string{"quotes.speaker", "quotes.role", "quotes.text", "quotes.date", "actors.name", "quote_sources.locator", "sources.title", "sources.url"},
		sql: `CREATE VIEW quote_citations AS
SELECT q.id AS quote_id, q.status, a.name AS speaker_name, q.speaker AS speaker_id, a.type AS speaker_type, q.role,
  q.date, q.date_earliest, q.date_latest, q.date_precision, q.date_uncertain, q.date_approximate,
  q.mode, q.language, q.text, qs.position AS citation, qs.source AS source_id, s.title AS source_title, s.url AS source_url, qs.locator
FROM quotes q
JOIN actors a ON a.id = q.speaker
JOIN quote_sources qs ON qs.quote_id = q.id
JOIN sources s ON s.id = qs.source`},
	{name: "event_actors_places", needs: []string{"events.title", "events.date", "event_actors.actor", "event_places.place", "actors.name", "places.name"},
		sql: `CREATE VIEW event_actors_places AS
SELECT e.id AS event_id, e.status, e.date, e.date_earliest, e.date_latest, e.date_precision, e.date_uncertain, e.date_approximate, e.title,
  (SELECT group_concat(name, '; ') FROM (SELECT a.name FROM event_actors ea JOIN actors a ON a.id = ea.actor WHERE ea.event_id = e.id ORDER BY ea.position)) AS actors,
  (SELECT group_concat(name, '; ') FROM (SELECT p.name FROM event_places ep JOIN places p ON p.id = ep.place WHERE ep.event_id = e.id ORDER BY ep.position)) AS places,
  e.summary
FROM events e`},
}

// sqliteDB is the database being written: one connection, one
// transaction for every row.
type sqliteDB struct {
	db *sql.DB
	tx *sql.Tx
}

// openSQLite creates the database at path (which must not exist) with the
// tables of data, and begins the transaction that fills them.
func openSQLite(path string, data []*Data) (*sqliteDB, error) {
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	s := &sqliteDB{db: db}
	// No journal and no syncs while the file is built: it is a temporary
	// file until the build publishes it, and a failed build deletes it.
	// The page cache is bounded (2 MB), whatever the size of the data.
	for _, q := range []string{"PRAGMA page_size = " + strconv.Itoa(pageSize(data)), "PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF", "PRAGMA locking_mode = EXCLUSIVE",
		"PRAGMA cache_size = -2000", "PRAGMA temp_store = FILE"} {
		if _, err := db.Exec(q); err != nil {
			db.Close()
			return nil, fmt.Errorf("%s: %w", q, err)
		}
	}
	kinds := map[string]string{}
	for _, d := range data {
		if !d.Link() {
			kinds[d.Kind.Name] = d.Name
		}
	}
	if s.tx, err = db.Begin(); err != nil {
		db.Close()
		return nil, err
	}
	for _, d := range data {
		q, err := createTable(d.Table, kinds)
		if err == nil {
			_, err = s.tx.Exec(q)
		}
		if err != nil {
			s.abort()
			return nil, fmt.Errorf("table %s: %w", d.Name, err)
		}
	}
	return s, nil
}

// pageSize is the database's page size: SQLite's default of 4 KiB for a
// small dataset, where a larger page would mostly hold nothing (each
// table takes at least one), and 64 KiB from 20,000 records on, which
// writes a large database with 30% less CPU.
func pageSize(data []*Data) int {
	n := 0
	for _, d := range data {
		n += len(d.Records)
	}
	if n < 20000 {
		return 4096
	}
	return 65536
}

func (s *sqliteDB) abort() {
	if s.tx != nil {
		s.tx.Rollback()
	}
	s.db.Close()
}

// finish commits the rows, then adds the search index and the views
// whose columns data has, and closes the database.
func (s *sqliteDB) finish(data []*Data) error {
	err := s.tx.Commit()
	s.tx = nil
	if err == nil {
		err = s.addSearch(data)
	}
	if err == nil {
		err = s.addViews(data)
	}
	if err == nil {
		_, err = s.db.Exec("ANALYZE")
	}
	if cerr := s.db.Close(); err == nil {
		err = cerr
	}
	return err
}

func hasColumn(data []*Data, table, column string) bool {
	for _, d := range data {
		if d.Name == table {
			return indexOf(d.Columns, column) >= 0
		}
	}
	return false
}

// addSearch makes the full-text index: one row per text of searchFields,
// in the order of the fields and then of the IDs.
func (s *sqliteDB) addSearch(data []*Data) error {
	if _, err := s.db.Exec(`CREATE VIRTUAL TABLE search USING fts5(text, table_name UNINDEXED, id UNINDEXED, field UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
		return fmt.Errorf("the search index: %w", err)
	}
	for _, f := range searchFields {
		if !hasColumn(data, f[0], f[1]) {
			continue
		}
		q := "INSERT INTO search (text, table_name, id, field) SELECT " + f[1] + ", '" + f[0] + "', id, '" + f[1] + "' FROM " + f[0] +
			" WHERE " + f[1] + " IS NOT NULL ORDER BY id"
		if _, err := s.db.Exec(q); err != nil {
			return fmt.Errorf("the search index of %s.%s: %w", f[0], f[1], err)
		}
	}
	return nil
}

func (s *sqliteDB) addViews(data []*Data) error {
	for _, v := range views {
		ok := true
		for _, n := range v.needs {
			t, c, _ := strings.Cut(n, ".")
			ok = ok && hasColumn(data, t, c)
		}
		if !ok {
			continue
		}
		if _, err := s.db.Exec(v.sql); err != nil {
			return fmt.Errorf("view %s: %w", v.name, err)
		}
	}
	return nil
}

// sqliteTable is the sink of one table of the database: rows are inserted
// batch rows at a time by one prepared statement, the rest one by one.
type sqliteTable struct {
	s           *sqliteDB
	name        string
	cols        int
	batch       int
	many, one   *sql.Stmt
	args        []any
	pendingRows int
}

// sqliteVars bounds the parameters of one statement, well under SQLite's
// limit of 32766.
const sqliteVars = 4096

func (s *sqliteDB) table(t *Table) (*sqliteTable, error) {
	n := len(t.Columns)
	st := &sqliteTable{s: s, name: t.Name, cols: n, batch: max(1, min(64, sqliteVars/n))}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
	var err error
	if st.many, err = s.tx.Prepare("INSERT INTO " + t.Name + " VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", st.batch), ", ")); err != nil {
		return nil, err
	}
	if st.one, err = s.tx.Prepare("INSERT INTO " + t.Name + " VALUES " + row); err != nil {
		return nil, err
	}
	return st, nil
}

func (st *sqliteTable) add(r *tableRow) error {
	for _, v := range r.cells {
		st.args = append(st.args, sqliteValue(v))
	}
	st.pendingRows++
	if st.pendingRows < st.batch {
		return nil
	}
	_, err := st.many.Exec(st.args...)
	st.args, st.pendingRows = st.args[:0], 0
	if err != nil {
		return fmt.Errorf("%s: %w", st.name, err)
	}
	return nil
}

func (st *sqliteTable) close() error {
	for i := 0; i < st.pendingRows; i++ {
		if _, err := st.one.Exec(st.args[i*st.cols : (i+1)*st.cols]...); err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
	}
	st.args, st.pendingRows = nil, 0
	st.many.Close()
	return st.one.Close()
}

// sqliteValue is the SQLite value of a cell: days as YYYY-MM-DD text,
// booleans as 0 and 1, lists as JSON arrays of text.
func sqliteValue(v any) any {
	switch x := v.(type) {
	case edtf.Day:
		return x.String()
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	case []string:
		b := []byte{'['}
		for i, s := range x {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		return string(append(b, ']'))
	}
	return v
}

// writeSQLite writes the database of data, as compile returns it, to path.
// Its pass sets the link tables' counts: beside the kind passes of the
// other files, which set them too, it is given copies (copyData).
func writeSQLite(ctx context.Context, path string, data []*Data) (err error) {
	s, err := openSQLite(path, data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer func() {
		if err != nil {
			s.abort()
		}
	}()
	f := format{open: func(_ io.Writer, t *Table, _ passOptions) (tableSink, error) { return s.table(t) }}
	for _, k := range kindGroups(data) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := writeKind(k, []format{f}, func(string) (io.Writer, error) { return nil, nil }, nil, passOptions{}); err != nil {
			return err
		}
	}
	return s.finish(data)
}

// copyData copies the tables of data, for a pass that runs beside the
// others; it must be made before they start.
func copyData(data []*Data) []*Data {
	own := make([]*Data, len(data))
	for i, d := range data {
		c := *d
		own[i] = &c
	}
	return own
}
