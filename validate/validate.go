// Package validate checks a dataset of records. Run lists the records
// folder, reads each record file under a strict YAML profile and checks it
// against the JSON Schema of its kind (package read, package schema), then
// runs the rules that look across records (package rules), applies the
// inline silences and the dataset's severities, and returns every problem
// as a positioned diag.Diagnostic. Package report writes them.
//
// Problems in the data are findings (a diag.List); failures of the machine
// (an unreadable disk, a broken schema set) are errors. The two never mix.
// See docs/architecture.md for the whole flow.
package validate

import (
	"runtime"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/record"
	"github.com/dossier-data/dossier/validate/report"
)

// Options configure a run. The zero value uses the embedded schemas, the
// default configuration and one worker per CPU.
type Options struct {
	Schemas *schemas.Set  // nil: the schemas embedded in the binary
	Config  config.Config // the dataset's dossier.yaml: severities and limits
	Jobs    int           // parallel workers; 0: GOMAXPROCS
	// IsNew tells the files the last commit does not hold (see
	// rules.Input); nil outside a git checkout.
	IsNew func(file string) bool
}

func (o *Options) jobs() int {
	if o.Jobs > 0 {
		return o.Jobs
	}
	return runtime.GOMAXPROCS(0)
}

func (o *Options) schemas() (*schemas.Set, error) {
	if o.Schemas != nil {
		return o.Schemas, nil
	}
	return schemas.Default()
}

// Dataset is every record found under one records folder, in file order.
type Dataset struct {
	Schemas *schemas.Set
	Root    string           // the records folder as given, slash-separated
	Records []*record.Record // one per record file, read or not
	// Skipped are the entries of the records folder that the listing
	// reports and does not read and that may hold records.
	Skipped []read.Skipped
	// Held are the findings of the rules across records that a file which
	// did not read held back (diag.Diagnostic.HeldBy): Run reports none of
	// them. A caller that reports only some files (a run
	// scoped to paths) reports the findings of HeldBy with those of a file
	// of Held, so that no finding is hidden by one it does not show.
	Held diag.List
}

// ErrNoRecords is returned when the records folder does not exist.
var ErrNoRecords = read.ErrNoRecords

// Run checks the records folder root: every file as it is read, then the
// rules across records, then the silences and the dataset's severities.
// Findings come back sorted. The error is for failures that stop the run:
// root missing, the schemas broken.
func Run(root string, opts Options) (*Dataset, diag.List, error) {
	ds, diags, err := Load(root, opts)
	if err != nil {
		return nil, nil, err
	}
	diags = append(diags, ds.CrossCheck(opts, report.OSSource)...)
	for _, rec := range ds.Records {
		rec.Derived = nil // the rules' facts: what comes next (a report, a release) does without them
	}
	for _, d := range diags {
		if d.HeldBy != "" {
			ds.Held = append(ds.Held, d)
		}
	}
	return ds, Finish(ds.Records, diags, opts.Config), nil
}

// Finish turns the findings of records (their own and those of the rules
// across records, with the rules' default severities) into what a run
// reports: the inline silences of recs applied (and the findings about
// them added), the severities of cfg set, rules switched off dropped, and
// the list sorted; the findings held back (diag.Diagnostic.HeldBy) are
// dropped. recs may be part of a dataset when l holds only the
// findings of their files, as a language server finishes one file.
func Finish(recs []*record.Record, l diag.List, cfg config.Config) diag.List {
	applyIgnores(recs, &l, cfg.Rules) // a held finding still uses its silence
	kept := l[:0]
	for _, d := range l {
		if d.HeldBy == "" {
			kept = append(kept, d)
		}
	}
	l = kept
	l.Apply(cfg.Rules)
	l.Sort()
	return l
}

// Summarize counts a dataset and its findings for the close of a report.
func Summarize(ds *Dataset, l diag.List) report.Summary {
	s := report.Summary{}
	if ds != nil {
		s.Files = len(ds.Records)
		for _, r := range ds.Records {
			if r.Value.Exists() {
				s.Records++
			}
		}
	}
	s.Errors, s.Warnings = l.Count()
	return s
}
