package rules

import (
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

var refUnresolved = rule{
	doc: &diag.Rule{
		ID: "ref-unresolved", Severity: diag.Error, Scope: diag.ScopeDataset,
		Summary: "a reference names no record of the right kind",
		Explain: "Fields that hold the ID of another record are declared in the schemas with x-ref, with the kinds they accept: " +
			"a quote's speaker is an actor, an event's follows are events, every citation's source is a source. " +
			"Each such value must be the ID of an existing record of one of those kinds. The finding suggests the closest existing ID of the right kind. " +
			"A reference to an ID whose file exists but did not read as a record (a YAML error, records/places/manze.yml, a record in the folder of another kind) " +
			"is not reported: that file's finding is the one to fix, and the reference is checked once it reads. " +
			"Fix the ID, or add the missing record.",
		Bad:  "speaker: bledar-cucci   # no actor has this ID",
		Good: "speaker: bledar-cuci",
	},
	check: checkRefUnresolved,
	reach: ByIDs,
}

func checkRefUnresolved(ix *Index, out *Report) {
	all := len(ix.Schemas.Kinds)
	near := newSuggester(ix)
	for _, r := range ix.Refs {
		if r.To != nil || r.Duplicated {
			continue // resolved, or id-duplicate's finding
		}
		if r.Unread { // the finding of a file that did not read comes first
			out.Held(ix.unseen.mayHold(r.ID(), r.Kinds()), r.From, r.Pointer())
			continue
		}
		t := ix.ID(r.ID())
		field := record.FieldName(r.Pointer())
		want := kindsWords(r.Kinds(), all)
		switch {
		case t == nil:
			hint := "write the ID of " + want
			if len(r.Kinds()) == 1 && ix.Schemas.Kind(r.Kinds()[0]) != nil && record.IsKebab(r.ID()) {
				hint = "fix the ID, or add the record " + ix.Root + "/" + ix.Schemas.Kind(r.Kinds()[0]).Table + "/" + r.ID() + ".yaml"
			}
			out.At(r.From, r.Pointer(), hint,
				"%s %q is not %s%s", field, r.ID(), want, near.suggest(r.ID(), r.Kinds()))
		case !contains(r.Kinds(), t.Kind.Name):
			out.At(r.From, r.Pointer(),
				"the field takes the ID of "+want,
				"%s %q is %s, not %s%s", field, r.ID(), withArticle(t.Kind.Name), want, near.suggest(r.ID(), r.Kinds()))
		}
	}
}
