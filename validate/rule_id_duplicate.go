package validate

var ruleIDDuplicate = register(&Rule{
	ID: "id-duplicate", Severity: Error,
	Summary: "two records have the same ID",
	Explain: "An ID names one record across the whole dataset, whatever its kind: references, release rows and links resolve by ID alone. " +
		"The finding is on the second record (in file order) and says where the first is defined. Give one of the two a new ID, and rename its file to match.",
	Bad:  "# records/events/raid.yaml\nid: raid\n# records/quotes/raid.yaml\nid: raid",
	Good: "# records/events/raid.yaml\nid: raid\n# records/quotes/cuci-on-raid.yaml\nid: cuci-on-raid",
})

func init() {
	crossCheck(ruleIDDuplicate, reads{}, checkIDDuplicate)
}

func checkIDDuplicate(x *xref) {
	for _, rec := range x.records("") {
		if rec.ID == "" {
			continue
		}
		first := x.ids()[rec.ID]
		if first == rec {
			continue
		}
		x.add(ruleIDDuplicate, ruleIDDuplicate.Severity, rec, "/id", false,
			"IDs are unique across all kinds; choose another ID and rename the file to match",
			"id %q is already used by %s; first defined at %s", rec.ID, withArticle(first.Kind.Name), x.where(first, "/id"))
	}
}
