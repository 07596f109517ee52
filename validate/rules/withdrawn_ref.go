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
			"naming the record that replaces it in withdrawn.successor. An active record that still points at it should point at the successor instead. " +
			"The rule also checks the withdrawal itself: withdrawn set on an active record, or a successor that is withdrawn too (a record that succeeds itself is a ref-cycle).",
		Bad:  "# quote\nspeaker: cuci          # withdrawn, successor bledar-cuci",
		Good: "# quote\nspeaker: bledar-cuci",
	},
	check: checkWithdrawnRef,
	reach: ByReference,
}

func checkWithdrawnRef(ix *Index, out *Report) {
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
		hint, also := "", ""
		if succ != "" {
			hint = "replace it with " + succ
			also = "; use its successor " + quoteID(succ)
		} else {
			hint = "point at another record, or drop the reference"
			also = "; it has no successor"
		}
		reason := ""
		if rs := text(w, "reason"); rs != "" {
			reason = " (" + rs + ")"
		}
		out.At(r.From, r.Pointer, hint,
			"%s %q is withdrawn%s%s", record.FieldName(r.Pointer), r.ID, reason, also)
	}
	for _, rec := range ix.All {
		w := rec.Value.Get("withdrawn")
		if !w.IsMap() {
			continue
		}
		if ix.Active(rec) {
			out.AtKey(rec, "/withdrawn",
				"set status: withdrawn, or remove withdrawn",
				"withdrawn is set but status is %q", text(rec.Value, "status"))
			continue
		}
		succ := text(w, "successor")
		if succ == "" {
			continue
		}
		if s := ix.ID(succ); s != nil && s != rec && !ix.Active(s) { // a record succeeding itself is a ref-cycle
			next := ""
			if sw := s.Value.Get("withdrawn"); text(sw, "successor") != "" {
				next = "; its successor is " + quoteID(text(sw, "successor"))
			}
			out.At(rec, "/withdrawn/successor",
				"name the record in use now", "successor %q is withdrawn too%s", succ, next)
		}
	}
}
