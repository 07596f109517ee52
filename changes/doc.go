// Package changes compares two versions of a dataset: records added,
// changed field by field, withdrawn and removed, and what breaks data users
// (a released ID that disappears without being withdrawn, a release column
// removed or retyped).
//
// A version is a Snapshot, read from a release folder (ReadRelease) or built
// from a loaded dataset (FromDataset, for git revisions). Compare is pure and
// deterministic: the Report is sorted by kind, ID and field, and its writers
// give byte-identical output for the same input.
//
// changes imports the standard library, schemas and validate; never the
// release compiler (which may import it) or the command line.
package changes
