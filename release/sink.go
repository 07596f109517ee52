package release

import "io"

// A tableSink writes the rows of one table to one file, in the order they
// come. Each file format of the tables is one sink (csv.go, parquet.go,
// jsonl.go), made by its format's open.
type tableSink interface {
	add(r *tableRow) error
	close() error // writes what is buffered and the file's end
}

// tableRow is one row as the kind pass hands it to the sinks.
type tableRow struct {
	cells []any  // one cell per column of the table (see row.go)
	line  []byte // kind tables only: the record as one line of JSON, without its line end
}

// format is one file format of the release tables.
type format struct {
	ext       string // the file's extension: <table><ext>
	kindsOnly bool   // written for kind tables only
	line      bool   // the sink reads tableRow.line; otherwise tableRow.cells
	open      func(w io.Writer, t *Table, o passOptions) (tableSink, error)
}

var (
	jsonlFormat   = format{ext: ".jsonl", kindsOnly: true, line: true, open: newJSONLTable}
	csvFormat     = format{ext: ".csv", open: newCSVTable}
	parquetFormat = format{ext: ".parquet", open: newParquetTable}
)

// tableFormats are the formats of the files of each table, in the order
// the kind pass opens them.
var tableFormats = []format{jsonlFormat, csvFormat, parquetFormat}
