package validate

var ruleOrphan = register(&Rule{
	ID: "orphan", Severity: Warning,
	Summary: "an actor, place or source that no record references",
	Explain: "Actors, places and sources exist to be pointed at: by events (actors, places), quotes (speaker, appeared_in), figures (event, place, actor), " +
		"citations (source), roles (organization), places (within) and sources (author_actors, cited_in). One that nothing references is most often " +
		"left over after an edit, or a sign that a reference to it was misspelt. Reference it where it belongs, withdraw it, " +
		"or silence the finding with a reason when it is kept on purpose. Withdrawn records are not checked; references from a record to itself do not count.",
	Bad:  "# records/places/manze.yaml, and no event, figure or place names manze",
	Good: "# records/events/camp-raid.yaml\nplaces:\n  - manze",
})

func init() {
	crossCheck(ruleOrphan, reads{Refs: true}, checkOrphan)
}

// orphanKinds are the kinds that only exist to be referenced.
var orphanKinds = []string{"actor", "place", "source"}

func checkOrphan(x *xref) {
	referenced := make(map[*Record]bool, len(x.ds.Records)/2)
	for _, r := range x.allRefs() {
		if r.to != nil && r.to != r.from {
			referenced[r.to] = true
		}
	}
	for _, rec := range x.records("") {
		if rec.ID == "" || !contains(orphanKinds, rec.Kind.Name) || !active(rec) || x.ids()[rec.ID] != rec {
			continue
		}
		if !referenced[rec] {
			x.add(ruleOrphan, ruleOrphan.Severity, rec, "/id", false,
				"reference it from the records it belongs to, withdraw it, or silence this with a reason: # dossier:ignore orphan -- <reason>",
				"%s %q is not referenced by any record", rec.Kind.Name, rec.ID)
		}
	}
}
