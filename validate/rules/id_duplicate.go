package rules

import (
	"sort"
	"strings"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

var idDuplicate = rule{
	doc: &diag.Rule{
		ID: "id-duplicate", Severity: diag.Error, Scope: diag.ScopeDataset,
		Summary: "two records have the same ID",
		Explain: "An ID names one record across the whole dataset, whatever its kind: references, release rows and links resolve by ID alone. " +
			"In a git checkout, the finding is on the records the last commit does not hold (the copy, not the original); otherwise on every record " +
			"with the ID. References to a duplicated ID are not followed by any other rule until it is unique: one mistake, one finding. " +
			"Give the new record a new ID, and rename its file to match.",
		Bad:  "# records/events/raid.yaml\nid: raid\n# records/quotes/raid.yaml\nid: raid",
		Good: "# records/events/raid.yaml\nid: raid\n# records/quotes/cuci-on-raid.yaml\nid: cuci-on-raid",
	},
	check: checkIDDuplicate,
	reach: ByIDs,
}

func checkIDDuplicate(ix *Index, out *Report) {
	ids := make([]string, 0, len(ix.dups))
	for id := range ix.dups {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		recs := ix.dups[id]
		var fresh []*record.Record
		if ix.IsNew != nil {
			for _, rec := range recs {
				if ix.IsNew(rec.File) {
					fresh = append(fresh, rec)
				}
			}
		}
		at := recs // the records the finding is on
		if len(fresh) > 0 && len(fresh) < len(recs) {
			at = fresh
		}
		for _, rec := range at {
			var others []string
			for _, o := range recs {
				if o != rec && (len(at) == len(recs) || !holds(at, o)) {
					others = append(others, withArticle(o.Kind.Name)+" at "+out.Where(o, "/id"))
				}
			}
			if len(others) > 3 {
				others = append(others[:3], "…")
			}
			verb := "is also used by"
			if len(at) < len(recs) {
				verb = "is already used by"
			}
			hint := "IDs are unique across all kinds; give this record another ID and rename its file to match"
			if name := rec.Name(); name != id && record.IsKebab(name) && ix.ID(name) == nil && ix.dups[name] == nil {
				hint = "IDs are unique across all kinds; set id: " + name + ", as the file is named, or give it another ID and rename the file to match"
			}
			out.At(rec, "/id", hint, "id %q %s %s", id, verb, strings.Join(others, ", "))
		}
	}
}

// holds reports whether l holds r.
func holds(l []*record.Record, r *record.Record) bool {
	for _, x := range l {
		if x == r {
			return true
		}
	}
	return false
}
