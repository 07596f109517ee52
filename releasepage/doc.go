// Package releasepage renders the release page, index.html, from the files of
// a release folder: what the dataset is, its downloads with sizes and
// checksums, a timeline of the events drawn as SVG, the quotes by speaker,
// the figures, every record under its own anchor (#<id>), the data
// dictionary and the changelog.
//
// It reads what the release compiler has already written (dataset.json,
// datapackage.json, CHANGELOG.md when present, and the other files for the
// downloads list) and the schema set for the data dictionary; it never reads
// records/, the clock or the environment, so the same release folder gives
// a byte-identical page. The page is one self-contained file: inline CSS, no
// script that runs (one JSON-LD block describes the release as a
// schema.org Dataset for search engines and catalogues), no font, image or
// request to any other address; a Content-Security-Policy in the page
// itself forbids them. Every text that comes from a record is escaped by
// html/template.
//
// At scale a page that lists every record is too big to open, so the
// sections are capped. Each record section (events, quotes, figures,
// actors, places, sources) lists at most ListLimit records: the first in
// its own order, by date then ID for events, quotes and figures, by ID for
// the others. A capped section says so ("showing 1,000 of 25,000 events")
// and links the table's .jsonl, .csv and .parquet files, which hold every
// record. The timeline draws at most TimelineLimit events: the first,
// by date then ID, of the events listed, so that every bar links to a
// record on the page. A link to a record left out shows its label without
// a link. Counts, the downloads, the data dictionary and the changelog are
// never capped. A release under the caps lists every record. The page is
// built from a Digest of the records, which keeps the rows of the records
// listed and of the others only what links and counts need, so that it
// holds no table whole; the release compiler fills it as it writes.
//
// releasepage imports the standard library, schemas and validate/edtf; the
// release compiler imports it, never the other way round.
package releasepage

// The caps of the page's sections; see the package documentation.
const (
	// ListLimit is the most records a record section lists.
	ListLimit = 1000
	// TimelineLimit is the most events the timeline draws.
	TimelineLimit = 500
)
