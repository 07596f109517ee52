package validate

import (
	"fmt"
	"slices"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/record"
	"github.com/dossier-data/dossier/validate/rules"
)

// Inline silences. A comment in a record file
//
//	# dossier:ignore orphan -- mentioned only in passing
//
// silences the findings of the named rules (several: separated by commas)
// on its own line or, when the comment stands alone on its line, on the line
// below. Only cross-record rules can be silenced, but for those a
// release's keys depend on; the reason after "--" is required. Package read finds the comments; applyIgnores applies them.

var (
	ruleIgnoreReason = &diag.Rule{
		ID: "ignore-reason", Severity: diag.Error, Scope: diag.ScopeDataset,
		Summary: "an inline silence gives no rule or no reason",
		Explain: "A finding can be silenced with a comment on its line, or alone on the line above: # dossier:ignore <rule> -- <reason>. " +
			"The reason is for the next reader, who must be able to tell a deliberate exception from a hidden mistake, so a silence without one is an error " +
			"(it still silences, so that the one finding left says what to fix). A silence that names no rule is an error too.",
		Bad:  "id: manze   # dossier:ignore orphan",
		Good: "id: manze   # dossier:ignore orphan -- named in the article only as the camp's village",
	}
	ruleIgnoreUnused = &diag.Rule{
		ID: "ignore-unused", Severity: diag.Warning, Scope: diag.ScopeDataset,
		Summary: "an inline silence silences nothing",
		Explain: "The silence names a rule that has no finding on its line (or the line below, for a comment alone on its line): the problem was fixed, " +
			"the comment moved, or the rule name is misspelt. Only cross-record rules can be silenced; the input and schema rules mean the record is broken and must be fixed, " +
			"and id-duplicate and ref-unresolved keep the release's keys whole. " +
			"Remove the comment, or correct it. Silences of rules switched off in dossier.yaml are not reported.",
		Bad:  "title: Police raid   # dossier:ignore orphn -- kept for the timeline",
		Good: "title: Police raid",
	}
)

// applyIgnores drops the findings that inline silences cover and adds the
// findings about the silences themselves.
func applyIgnores(recs []*record.Record, l *diag.List, severity map[string]diag.Severity) {
	type key struct {
		file string
		line int
		rule string
	}
	type use struct {
		rec  *record.Record
		ig   *record.Ignore
		used bool
	}
	var uses []*use
	at := map[key][]*use{}
	for _, rec := range recs {
		if rec == nil {
			continue
		}
		for i := range rec.Ignores {
			ig := &rec.Ignores[i]
			u := &use{rec: rec, ig: ig}
			uses = append(uses, u)
			at[key{rec.File, ig.Line, ig.Rule}] = append(at[key{rec.File, ig.Line, ig.Rule}], u)
			if ig.Alone {
				at[key{rec.File, ig.Line + 1, ig.Rule}] = append(at[key{rec.File, ig.Line + 1, ig.Rule}], u)
			}
		}
	}
	if len(uses) == 0 {
		return
	}
	kept := (*l)[:0]
	for _, d := range *l {
		if d.Line > 0 && silenceable(d.Rule) {
			if us := at[key{d.File, d.Line, d.Rule}]; len(us) > 0 {
				for _, u := range us {
					u.used = true
				}
				continue
			}
		}
		kept = append(kept, d)
	}
	*l = kept
	var found diag.List
	for _, u := range uses {
		ig := u.ig
		pos := diag.Pos{Line: ig.Line, Column: ig.Column}
		hint := "write # " + read.IgnoreMark + " <rule> -- <reason>"
		switch {
		case ig.Rule == "":
			found.Add(diag.Diagnostic{File: u.rec.File, Pos: pos, Rule: ruleIgnoreReason.ID, Severity: ruleIgnoreReason.Severity,
				Message: "the silence names no rule", Hint: hint})
			continue
		case LookupRule(ig.Rule) == nil:
			var ids []string
			for _, r := range Rules() {
				ids = append(ids, r.ID)
			}
			found.Add(diag.Diagnostic{File: u.rec.File, Pos: pos, Rule: ruleIgnoreUnused.ID, Severity: ruleIgnoreUnused.Severity,
				Message: fmt.Sprintf("the silence names no rule %q%s", ig.Rule, diag.Suggestion(ig.Rule, ids)), Hint: "dossier rules lists the rules"})
			continue
		case slices.Contains(config.KeyRules, ig.Rule):
			found.Add(diag.Diagnostic{File: u.rec.File, Pos: pos, Rule: ruleIgnoreUnused.ID, Severity: ruleIgnoreUnused.Severity,
				Message: fmt.Sprintf("findings of %s cannot be silenced: a release's keys need it (every ID unique, every reference resolved)", ig.Rule),
				Hint:    "fix the ID or the reference and remove the comment"})
			continue
		case !silenceable(ig.Rule):
			found.Add(diag.Diagnostic{File: u.rec.File, Pos: pos, Rule: ruleIgnoreUnused.ID, Severity: ruleIgnoreUnused.Severity,
				Message: fmt.Sprintf("findings of %s cannot be silenced: they mean the record is broken", ig.Rule), Hint: "fix the record and remove the comment"})
			continue
		}
		if ig.Reason == "" {
			found.Add(diag.Diagnostic{File: u.rec.File, Pos: pos, Rule: ruleIgnoreReason.ID, Severity: ruleIgnoreReason.Severity,
				Message: fmt.Sprintf("the silence of %s gives no reason", ig.Rule), Hint: "say why after --: # " + read.IgnoreMark + " " + ig.Rule + " -- <reason>"})
		}
		if !u.used && severity[ig.Rule] != diag.Off { // a missing entry reads as diag.Error, not diag.Off
			found.Add(diag.Diagnostic{File: u.rec.File, Pos: pos, Rule: ruleIgnoreUnused.ID, Severity: ruleIgnoreUnused.Severity,
				Message: fmt.Sprintf("the silence of %s silences nothing: no %s finding on this line%s", ig.Rule, ig.Rule, map[bool]string{true: " or the next", false: ""}[ig.Alone]),
				Hint:    "remove the comment, or move it to the line of the finding"})
		}
	}
	found.Apply(severity)
	*l = append(*l, found...)
}

// silenceable reports whether findings of rule id may be silenced inline:
// only those of the rules across records, but for those a release's keys
// depend on (config.KeyRules).
func silenceable(id string) bool {
	if slices.Contains(config.KeyRules, id) {
		return false
	}
	for _, r := range rules.Catalog {
		if r.Doc().ID == id {
			return true
		}
	}
	return false
}
