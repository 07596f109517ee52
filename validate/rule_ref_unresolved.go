package validate

var ruleRefUnresolved = register(&Rule{
	ID: "ref-unresolved", Severity: Error,
	Summary: "a reference names no record of the right kind",
	Explain: "Fields that hold the ID of another record are declared in the schemas with x-ref, with the kinds they accept: " +
		"a quote's speaker is an actor, an event's follows are events, every citation's source is a source. " +
		"Each such value must be the ID of an existing record of one of those kinds. The finding suggests the closest existing ID of the right kind. " +
		"Fix the ID, or add the missing record.",
	Bad:  "speaker: bledar-cucci   # no actor has this ID",
	Good: "speaker: bledar-cuci",
})

func init() {
	crossCheck(ruleRefUnresolved, reads{Refs: true}, checkRefUnresolved)
}

func checkRefUnresolved(x *xref) {
	all := len(x.ds.Schemas.Kinds)
	for _, r := range x.allRefs() {
		if r.to != nil {
			continue
		}
		t := x.ids()[r.id]
		field := fieldName(r.pointer)
		want := kindsWords(r.kinds, all)
		switch {
		case t == nil:
			hint := ""
			if len(r.kinds) == 1 && x.ds.Schemas.Kind(r.kinds[0]) != nil {
				hint = "fix the ID, or add the record " + x.ds.Root + "/" + x.ds.Schemas.Kind(r.kinds[0]).Table + "/" + r.id + ".yaml"
			}
			x.add(ruleRefUnresolved, ruleRefUnresolved.Severity, r.from, r.pointer, false, hint,
				"%s %q is not %s%s", field, r.id, want, x.suggestID(r.id, r.kinds))
		case !contains(r.kinds, t.Kind.Name):
			x.add(ruleRefUnresolved, ruleRefUnresolved.Severity, r.from, r.pointer, false,
				"the field takes the ID of "+want,
				"%s %q is %s, not %s%s", field, r.id, withArticle(t.Kind.Name), want, x.suggestID(r.id, r.kinds))
		}
	}
}
