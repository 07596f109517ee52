package validate

import (
	"sort"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/rules"
	"github.com/dossier-data/dossier/validate/schema"
)

// Rules returns every rule dossier applies, sorted by ID: those of
// reading, of the schemas, across records, of the silences and of
// dossier.yaml. `dossier rules` and docs/rules.md are made from it.
func Rules() []*diag.Rule {
	all := append(read.Rules(), schema.Rules()...)
	for _, r := range rules.Catalog {
		all = append(all, r.Doc())
	}
	all = append(all, ruleIgnoreReason, ruleIgnoreUnused, config.Rule)
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return all
}

// LookupRule returns the rule with the given ID, or nil.
func LookupRule(id string) *diag.Rule {
	for _, r := range Rules() {
		if r.ID == id {
			return r
		}
	}
	return nil
}
