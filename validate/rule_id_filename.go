package validate

import (
	"path"
	"strings"
)

var ruleIDFilename = register(&Rule{
	ID: "id-filename", Severity: Error,
	Summary: "a record's file is not named <id>.yaml",
	Explain: "A record with ID x lives in records/<kind>/x.yaml, so that a reference can be followed to its file and a file's name says which record it holds. " +
		"The finding is at the id field. Rename the file, or correct the id if the file name is the intended one (and every reference to it).",
	Bad:  "# records/events/police-raid.yaml\nid: camp-raid",
	Good: "# records/events/camp-raid.yaml\nid: camp-raid",
})

func init() {
	crossCheck(ruleIDFilename, reads{}, checkIDFilename)
}

func checkIDFilename(x *xref) {
	for _, rec := range x.records("") {
		if rec.ID == "" || Kebab(rec.ID) != rec.ID {
			continue // no ID, or one schema-pattern rejects: no file name to match
		}
		name := strings.TrimSuffix(path.Base(rec.File), ".yaml")
		if name == rec.ID {
			continue
		}
		want := path.Join(path.Dir(rec.File), rec.ID+".yaml")
		x.add(ruleIDFilename, ruleIDFilename.Severity, rec, "/id", false,
			"rename the file to "+want+", or set id: "+name,
			"id %q does not match the file name %s", rec.ID, path.Base(rec.File))
	}
}
