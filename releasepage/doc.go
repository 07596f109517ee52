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
// releasepage imports the standard library, schemas and validate/edtf; the
// release compiler imports it, never the other way round.
package releasepage
