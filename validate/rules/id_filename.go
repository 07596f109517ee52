package rules

import (
	"path"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

var idFilename = rule{
	doc: &diag.Rule{
		ID: "id-filename", Severity: diag.Error, Scope: diag.ScopeDataset,
		Summary: "a record's file is not named <id>.yaml",
		Explain: "A record with ID x lives in records/<kind>/x.yaml, so that a reference can be followed to its file and a file's name says which record it holds. " +
			"The finding is at the id field. Rename the file, or correct the id if the file name is the intended one (and every reference to it).",
		Bad:  "# records/events/police-raid.yaml\nid: camp-raid",
		Good: "# records/events/camp-raid.yaml\nid: camp-raid",
	},
	check: checkIDFilename,
	reach: ByReference,
}

func checkIDFilename(ix *Index, out *Report) {
	for _, rec := range ix.All {
		if !ix.factsOf(rec).misnamed {
			continue
		}
		name := rec.Name()
		if _, dup := ix.dups[rec.ID]; dup {
			continue // id-duplicate's finding says to give it another ID
		}
		want := path.Join(path.Dir(rec.File), rec.ID+".yaml")
		out.At(rec, "/id",
			"rename the file to "+want+", or set id: "+name,
			"id %q does not match the file name %s", rec.ID, path.Base(rec.File))
	}
}

// misnamed reports whether a record's file is named for another ID than
// its own: not when it has no ID or one the schema's pattern rejects (no
// file name to match), nor when the file name is no ID (a record-path
// finding).
func misnamed(rec *record.Record) bool {
	name := rec.Name()
	return record.IsKebab(rec.ID) && name != rec.ID && record.IsKebab(name)
}
