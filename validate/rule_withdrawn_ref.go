package validate

var ruleWithdrawnRef = register(&Rule{
	ID: "withdrawn-ref", Severity: Warning,
	Summary: "an active record references a withdrawn one",
	Explain: "A withdrawn record keeps its ID, so that the ID is never reused and old links still resolve, and says why under withdrawn.reason, " +
		"naming the record that replaces it in withdrawn.successor. An active record that still points at it should point at the successor instead. " +
		"The rule also checks the withdrawal itself: withdrawn set on an active record, or a successor that is withdrawn too (a record that succeeds itself is a ref-cycle).",
	Bad:  "# quote\nspeaker: cuci          # withdrawn, successor bledar-cuci",
	Good: "# quote\nspeaker: bledar-cuci",
})

func init() {
	crossCheck(ruleWithdrawnRef, reads{Refs: true, Fields: map[string][]string{"*": {"withdrawn"}}}, checkWithdrawnRef)
}

func checkWithdrawnRef(x *xref) {
	for _, r := range x.allRefs() {
		if !r.live {
			continue
		}
		t := r.to
		if t == nil || r.toLive || t == r.from {
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
		x.add(ruleWithdrawnRef, ruleWithdrawnRef.Severity, r.from, r.pointer, false, hint,
			"%s %q is withdrawn%s%s", fieldName(r.pointer), r.id, reason, also)
	}
	for _, rec := range x.records("") {
		w := rec.Value.Get("withdrawn")
		if !w.IsMap() {
			continue
		}
		if active(rec) {
			x.add(ruleWithdrawnRef, ruleWithdrawnRef.Severity, rec, "/withdrawn", true,
				"set status: withdrawn, or remove withdrawn",
				"withdrawn is set but status is %q", text(rec.Value, "status"))
			continue
		}
		succ := text(w, "successor")
		if succ == "" {
			continue
		}
		if s := x.ids()[succ]; s != nil && s != rec && !active(s) { // a record succeeding itself is a ref-cycle
			next := ""
			if sw := s.Value.Get("withdrawn"); text(sw, "successor") != "" {
				next = "; its successor is " + quoteID(text(sw, "successor"))
			}
			x.add(ruleWithdrawnRef, ruleWithdrawnRef.Severity, rec, "/withdrawn/successor", false,
				"name the record in use now", "successor %q is withdrawn too%s", succ, next)
		}
	}
}

func quoteID(s string) string { return `"` + s + `"` }
