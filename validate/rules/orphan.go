package rules

import (
	"github.com/dossier-data/dossier/validate/diag"
)

var orphan = rule{
	doc: &diag.Rule{
		ID: "orphan", Severity: diag.Warning, Scope: diag.ScopeDataset,
		Summary: "an actor, place or source that no record references",
		Explain: "Actors, places and sources exist to be pointed at: by events (actors, places), quotes (speaker, appeared_in), figures (event, place, actor), " +
			"citations (source), roles (organization), places (within) and sources (author_actors, cited_in). One that nothing references is most often " +
			"left over after an edit, or a sign that a reference to it was misspelt. Reference it where it belongs, withdraw it, " +
			"or silence the finding with a reason when it is kept on purpose. Withdrawn records are not checked; references from a record to itself do not count. " +
			"Nor is a record that a record file which did not read (a YAML error, manze.yml, a record in the folder of another kind) may reference: " +
			"one whose ID is written in that file, or any when the file could not be read at all. That file's finding comes first.",
		Bad:  "# records/places/manze.yaml, and no event, figure or place names manze",
		Good: "# records/events/camp-raid.yaml\nplaces:\n  - manze",
	},
	check: checkOrphan,
	reach: ByReference,
}

// orphanKinds are the kinds that only exist to be referenced.
var orphanKinds = []string{"actor", "place", "source"}

func checkOrphan(ix *Index, out *Report) {
	for i := range ix.byID.all {
		t := &ix.byID.all[i] // in the file order of the records
		if t.dup || t.referenced || !t.live || !contains(orphanKinds, t.kind) {
			continue
		}
		if by := ix.unseen.mayReference(t.id, t.kind); by != "" {
			out.Held(by, t.rec, "/id")
			continue
		}
		out.At(t.rec, "/id",
			"reference it from the records it belongs to, withdraw it, or silence this with a reason: # dossier:ignore orphan -- <reason>",
			"%s %q is not referenced by any record", t.kind, t.rec.ID)
	}
}
