package rules

import (
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

var withdrawnRef = rule{
	doc: &diag.Rule{
		ID: "withdrawn-ref", Severity: diag.Warning, Scope: diag.ScopeDataset,
		Summary: "an active record references a withdrawn one",
		Explain: "A withdrawn record keeps its ID, so that the ID is never reused and old links still resolve, and says why under withdrawn.reason, " +
			"naming the record that replaces it in withdrawn.successor. An active record that still points at it should point at the successor instead; " +
			"the finding names the successor only when it is an active record that the field accepts, and otherwise says what is wrong with it. " +
			"The rule also checks the withdrawal itself: withdrawn set on an active record, a successor of another kind than the record, " +
			"or a successor that is withdrawn too (a successor that names no record is ref-unresolved; a record that succeeds itself is a ref-cycle).",
		Bad:  "# quote\nspeaker: cuci          # withdrawn, successor bledar-cuci",
		Good: "# quote\nspeaker: bledar-cuci",
	},
	check: checkWithdrawnRef,
	reach: ByReference,
}

func checkWithdrawnRef(ix *Index, out *Report) {
	all := len(ix.Schemas.Kinds)
	for _, r := range ix.Refs {
		if !r.Live {
			continue
		}
		t := r.To
		if t == nil || r.ToLive || t == r.From {
			continue
		}
		w := t.Value.Get("withdrawn")
		succ := text(w, "successor")
		hint, also := "point at another record, or drop the reference", "; it has no successor"
		if succ != "" {
			if wrong := successorFor(ix, r, succ, all); wrong != "" {
				also = "; its successor " + quoteID(succ) + " " + wrong
			} else {
				hint, also = "replace it with "+succ, "; use its successor "+quoteID(succ)
			}
		}
		reason := ""
		if rs := text(w, "reason"); rs != "" {
			reason = " (" + rs + ")"
		}
		out.At(r.From, r.Pointer(), hint,
			"%s %q is withdrawn%s%s", record.FieldName(r.Pointer()), r.ID(), reason, also)
	}
	for _, rec := range ix.All {
		if !ix.factsOf(rec).withdrawn {
			continue
		}
		w := rec.Value.Get("withdrawn")
		if ix.Active(rec) {
			out.AtKey(rec, "/withdrawn",
				"set status: withdrawn, or remove withdrawn",
				"withdrawn is set but status is %q", text(rec.Value, "status"))
			continue
		}
		succ := text(w, "successor")
		s := ix.ID(succ)
		if s == nil || s == rec {
			continue // ref-unresolved, id-duplicate or ref-cycle
		}
		if s.Kind != rec.Kind {
			out.At(rec, "/withdrawn/successor",
				"name the "+rec.Kind.Name+" that replaces this one, or remove successor",
				"successor %q is %s, not %s", succ, withArticle(s.Kind.Name), withArticle(rec.Kind.Name))
			continue
		}
		if !ix.Active(s) {
			next := ""
			if sw := s.Value.Get("withdrawn"); text(sw, "successor") != "" {
				next = "; its successor is " + quoteID(text(sw, "successor"))
			}
			out.At(rec, "/withdrawn/successor",
				"name the record in use now", "successor %q is withdrawn too%s", succ, next)
		}
	}
}

// successorFor says what keeps succ, the successor of the withdrawn
// record that r names, from replacing it in r's field: it names that
// record itself or the record holding the field, no single record, a
// withdrawn record, or a kind the field does not take. "" when it can.
func successorFor(ix *Index, r Ref, succ string, all int) string {
	s := ix.ID(succ)
	switch {
	case s == r.To:
		return "is that record itself"
	case s == r.From:
		return "is this record"
	case s == nil && ix.dups[succ] != nil:
		return "is the ID of several records"
	case s == nil && ix.unseen.mayHold(succ, r.Kinds()) != "":
		return "is in a file that did not read as a record"
	case s == nil:
		return "is not a record"
	case !contains(r.Kinds(), s.Kind.Name):
		return "is " + withArticle(s.Kind.Name) + ", not " + kindsWords(r.Kinds(), all)
	case !ix.Active(s):
		return "is withdrawn too"
	}
	return ""
}
