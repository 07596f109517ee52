package rules

import (
	"fmt"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

// Report collects the findings of one rule.
type Report struct {
	rule *diag.Rule
	ix   *Index
	list diag.List
}

// At reports a finding at the value at pointer of rec, with the rule's
// default severity. hint says how to fix it ("" for none).
func (r *Report) At(rec *record.Record, pointer, hint, format string, args ...any) {
	r.add(r.rule.Severity, rec, pointer, false, hint, fmt.Sprintf(format, args...))
}

// Graded reports a finding of a rule that grades how sure it is: an
// error when the fault is certain, a warning when it is only possible.
func (r *Report) Graded(sev diag.Severity, rec *record.Record, pointer, hint, format string, args ...any) {
	r.add(sev, rec, pointer, false, hint, fmt.Sprintf(format, args...))
}

// AtKey reports a finding at the key naming the value at pointer.
func (r *Report) AtKey(rec *record.Record, pointer, hint, format string, args ...any) {
	r.add(r.rule.Severity, rec, pointer, true, hint, fmt.Sprintf(format, args...))
}

func (r *Report) add(sev diag.Severity, rec *record.Record, pointer string, key bool, hint, msg string) {
	r.list.Add(diag.Diagnostic{File: rec.File, Pos: r.ix.Locate.Locate(rec, pointer, key), Pointer: pointer,
		Rule: r.rule.ID, Severity: sev, Message: msg, Hint: hint})
}

// Held notes a finding at the value at pointer of rec that the rule holds
// back because of the file by, which did not read (see Unread): it is not
// reported, but it uses a silence of the rule on its line, and a run that
// reports rec's file and not by's shows by's findings too.
func (r *Report) Held(by string, rec *record.Record, pointer string) {
	r.list.Add(diag.Diagnostic{File: rec.File, Pos: r.ix.Locate.Locate(rec, pointer, false), Pointer: pointer,
		Rule: r.rule.ID, Severity: r.rule.Severity, Message: "held back by " + by, HeldBy: by})
}

// Where names the place of the value at pointer of rec, for a message:
// records/events/raid.yaml:3:7.
func (r *Report) Where(rec *record.Record, pointer string) string {
	return rec.File + ":" + r.ix.Locate.Locate(rec, pointer, false).String()
}
