// Package release is the release compiler: it turns a validated Dataset into
// the files of a release. It imports schemas, validate, validate/edtf,
// changes (the comparison with a previous release, shared with dossier
// diff) and releasepage (the release's index.html); never the command line.
//
// A release is one folder, dist/<dataset>-<version>/, with one table per
// record kind (events, quotes, figures, actors, places, sources) and one
// link table per list field (event_actors, quote_sources, actor_roles, …),
// each as CSV and Parquet; each kind table also as JSON Lines, and all of
// them together in dataset.json. Beside the tables: datapackage.json (a
// Frictionless Data Package v2 descriptor), README.md with the data
// dictionary, index.html, SHA256SUMS, and with a previous release
// CHANGELOG.md and changes.jsonl. A .tar.gz archive of the folder sits
// beside it in dist/.
//
// Every column is derived from the schemas' field model (Tables), so a field
// added to a schema appears in every format. An EDTF field compiles to its
// text plus <field>_earliest and <field>_latest DATE columns, the first and
// last day of its Span (open ends are null).
//
// The output is a function of the records, the schemas, the version, the
// creation time and the dossier version only: files are walked and records
// sorted by ID, nothing reads the clock or the environment, and two builds
// of the same input are byte-identical, archive included.
//
// Build publishes a release whole or not at all. It writes the folder, and
// the archive inside it under a hidden name, into a temporary folder
// beside the target, syncing each file to the disk as it is closed and
// then the folder; swaps the folder into place in one atomic rename; then
// renames the archive out of the folder to its place beside it, and syncs
// dist (publish, build.go). A failure before the swap leaves the previous
// release as it was. A kill after the swap leaves the new folder with its
// archive still inside, which marks the archive beside it as stale; the
// next build of that release, before anything else and under the lock on
// dist, finishes that rename (recoverRelease), as does a build naming it
// --previous (Recover); dossier diff, which only reads, reads its folder
// (ReadPath). So dossier sees, and leaves, either the whole previous
// release or the whole new one, folder and archive matching, and a power
// loss cannot leave a published release with empty or partial files. A
// build touches nothing else in dist: it removes only the temporary
// folders of its own release (leftoverOf), never the user's files.
//
// The compiler streams: one pass over each kind's records, in ID order,
// decodes each record once and writes its JSON line, its CSV and Parquet
// rows and its link tables' rows to every file of the kind at once
// (pass.go), so no table is ever held whole; Parquet pages wait in
// temporary files beside the folder past a few hundred KiB a column, and
// dataset.json is copied from the JSON Lines files a buffer at a time.
// What stays for the rest of the build is small per record: the records
// sorted by ID and the page's digest (labels and links; the rows it lists
// are capped). The work is spread over the cores (GOMAXPROCS) where it is
// independent: the kinds at once, then the archive's compression, chunk by
// chunk (parallelGzip). Files are listed, and chunks joined, in a fixed
// order, so the bytes do not depend on the number of cores. Each file is
// hashed as it is written; the release page gets those checksums and a
// digest of the records from the compiler instead of reading the folder
// back.
package release
