package validate

import "sort"

// Rule describes one check: its ID, default severity and documentation. The
// catalog is the single place rules are described; `dossier rules` and
// docs/rules.md are generated from it.
type Rule struct {
	ID       string
	Severity Severity // default; a dataset's dossier.yaml may override it
	Summary  string   // one line
	Explain  string   // why it matters and how to fix it
	Bad      string   // a record fragment that fails
	Good     string   // the same fragment fixed
}

var catalog = map[string]*Rule{}

// register adds a rule to the catalog; rule files call it from init.
func register(r *Rule) *Rule {
	if _, dup := catalog[r.ID]; dup {
		panic("validate: rule registered twice: " + r.ID)
	}
	catalog[r.ID] = r
	return r
}

// Rules returns the catalog sorted by ID.
func Rules() []*Rule {
	out := make([]*Rule, 0, len(catalog))
	for _, r := range catalog {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// LookupRule returns the rule with the given ID, or nil.
func LookupRule(id string) *Rule { return catalog[id] }
