package validate

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Inline silences. A comment in a record file
//
//	# dossier:ignore orphan -- mentioned only in passing
//
// silences the findings of the named rules (several: separated by commas)
// on its own line or, when the comment stands alone on its line, on the line
// below. Only cross-record rules can be silenced; the reason after "--" is
// required.

var (
	ruleIgnoreReason = register(&Rule{
		ID: "ignore-reason", Severity: Error,
		Summary: "an inline silence gives no rule or no reason",
		Explain: "A finding can be silenced with a comment on its line, or alone on the line above: # dossier:ignore <rule> -- <reason>. " +
			"The reason is for the next reader, who must be able to tell a deliberate exception from a hidden mistake, so a silence without one is an error " +
			"(it still silences, so that the one finding left says what to fix). A silence that names no rule is an error too.",
		Bad:  "id: manze   # dossier:ignore orphan",
		Good: "id: manze   # dossier:ignore orphan -- named in the article only as the camp's village",
	})
	ruleIgnoreUnused = register(&Rule{
		ID: "ignore-unused", Severity: Warning,
		Summary: "an inline silence silences nothing",
		Explain: "The silence names a rule that has no finding on its line (or the line below, for a comment alone on its line): the problem was fixed, " +
			"the comment moved, or the rule name is misspelt. Only cross-record rules can be silenced; the input and schema rules mean the record is broken and must be fixed. " +
			"Remove the comment, or correct it. Silences of rules switched off in dossier.yaml are not reported.",
		Bad:  "title: Police raid   # dossier:ignore orphn -- kept for the timeline",
		Good: "title: Police raid",
	})
)

// Ignore is one rule silenced by a comment in a record file.
type Ignore struct {
	Line, Column int    // of the comment's #; 1-based
	Alone        bool   // the comment is alone on its line: it also covers the line below
	Rule         string // the rule named; "" when the comment names none
	Reason       string // the text after "--"; "" when missing
}

const ignoreMark = "dossier:ignore"

// inlineIgnores finds the silences in a parsed file. Only comments that the
// YAML parser saw as comments count (a "#" inside a quoted text does not);
// their lines are then found in the source. Files without the mark cost one
// scan of their bytes.
func inlineIgnores(doc *yaml.Node, src []byte) []Ignore {
	if doc == nil || !bytes.Contains(src, []byte(ignoreMark)) {
		return nil
	}
	comments := map[string]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for _, c := range []string{n.HeadComment, n.LineComment, n.FootComment} {
			for _, line := range strings.Split(c, "\n") {
				if strings.Contains(line, ignoreMark) {
					comments[strings.TrimSpace(line)] = true
				}
			}
		}
		for _, k := range n.Content {
			walk(k)
		}
	}
	walk(doc)
	var out []Ignore
	for i, line := range strings.Split(string(src), "\n") {
		if !strings.Contains(line, ignoreMark) {
			continue
		}
		line = strings.TrimRight(line, "\r")
		for j := 0; j < len(line); j++ {
			if line[j] != '#' || (j > 0 && line[j-1] != ' ' && line[j-1] != '\t') {
				continue
			}
			c := strings.TrimSpace(line[j:])
			if !comments[c] {
				continue
			}
			body := strings.TrimSpace(strings.TrimPrefix(c, "#"))
			if !strings.HasPrefix(body, ignoreMark) {
				break
			}
			rest := strings.TrimPrefix(body, ignoreMark)
			if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
				break
			}
			names, reason, _ := strings.Cut(rest, "--")
			ig := Ignore{Line: i + 1, Column: utf8.RuneCountInString(line[:j]) + 1,
				Alone: strings.TrimSpace(line[:j]) == "", Reason: strings.TrimSpace(reason)}
			rules := strings.FieldsFunc(names, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
			if len(rules) == 0 {
				out = append(out, ig)
			}
			for _, r := range rules {
				ig.Rule = r
				out = append(out, ig)
			}
			break
		}
	}
	return out
}

// applyIgnores drops the findings that inline silences cover and adds the
// findings about the silences themselves.
func (ds *Dataset) applyIgnores(l *List, opts Options) {
	type key struct {
		file string
		line int
		rule string
	}
	type use struct {
		rec  *Record
		ig   *Ignore
		used bool
	}
	var uses []*use
	at := map[key][]*use{}
	for _, rec := range ds.Records {
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
	var found List
	for _, u := range uses {
		ig := u.ig
		pos := Pos{ig.Line, ig.Column}
		hint := "write # " + ignoreMark + " <rule> -- <reason>"
		switch {
		case ig.Rule == "":
			found.Add(Diagnostic{File: u.rec.File, Pos: pos, Rule: ruleIgnoreReason.ID, Severity: ruleIgnoreReason.Severity,
				Message: "the silence names no rule", Hint: hint})
			continue
		case LookupRule(ig.Rule) == nil:
			var ids []string
			for _, r := range Rules() {
				ids = append(ids, r.ID)
			}
			found.Add(Diagnostic{File: u.rec.File, Pos: pos, Rule: ruleIgnoreUnused.ID, Severity: ruleIgnoreUnused.Severity,
				Message: fmt.Sprintf("the silence names no rule %q%s", ig.Rule, suggestion(ig.Rule, ids)), Hint: "dossier rules lists the rules"})
			continue
		case !silenceable(ig.Rule):
			found.Add(Diagnostic{File: u.rec.File, Pos: pos, Rule: ruleIgnoreUnused.ID, Severity: ruleIgnoreUnused.Severity,
				Message: fmt.Sprintf("findings of %s cannot be silenced: they mean the record is broken", ig.Rule), Hint: "fix the record and remove the comment"})
			continue
		}
		if ig.Reason == "" {
			found.Add(Diagnostic{File: u.rec.File, Pos: pos, Rule: ruleIgnoreReason.ID, Severity: ruleIgnoreReason.Severity,
				Message: fmt.Sprintf("the silence of %s gives no reason", ig.Rule), Hint: "say why after --: # " + ignoreMark + " " + ig.Rule + " -- <reason>"})
		}
		if !u.used && opts.Severity[ig.Rule] != Off { // a missing entry reads as Error, not Off
			found.Add(Diagnostic{File: u.rec.File, Pos: pos, Rule: ruleIgnoreUnused.ID, Severity: ruleIgnoreUnused.Severity,
				Message: fmt.Sprintf("the silence of %s silences nothing: no %s finding on this line%s", ig.Rule, ig.Rule, map[bool]string{true: " or the next", false: ""}[ig.Alone]),
				Hint:    "remove the comment, or move it to the line of the finding"})
		}
	}
	applySeverity(&found, opts.Severity)
	*l = append(*l, found...)
}
