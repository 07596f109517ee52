package diag

// Rule describes one kind of finding: its ID, default severity and
// documentation. `dossier rules` and docs/rules.md are generated from the
// rules; a Diagnostic names its rule by ID.
type Rule struct {
	ID       string
	Severity Severity // default; a dataset's dossier.yaml may override it
	Summary  string   // one line
	Explain  string   // why it matters and how to fix it
	Bad      string   // a record fragment that fails
	Good     string   // the same fragment fixed
	// Scope says when the rule runs: "load" (one file as it is read),
	// "dataset" (across records, once all are loaded) or "config".
	Scope string
}

// Scopes of rules.
const (
	ScopeLoad    = "load"
	ScopeDataset = "dataset"
	ScopeConfig  = "config"
)

// Guards reports whether the rule keeps a broken record out of a release:
// the errors of reading a file and of its schema. A dataset cannot lower
// their severity or switch them off, since a release cannot hold such a
// record.
func (r *Rule) Guards() bool { return r.Scope == ScopeLoad && r.Severity == Error }
