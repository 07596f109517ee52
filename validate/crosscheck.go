package validate

import (
	"sync"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/record"
	"github.com/dossier-data/dossier/validate/report"
	"github.com/dossier-data/dossier/validate/rules"
)

// CrossCheck runs the rules that look across records over a loaded
// dataset and returns their findings (unsorted, with the rules' default
// severities). Rules switched off in opts.Config do not run. src reads the
// files again, to position the findings.
func (ds *Dataset) CrossCheck(opts Options, src report.Source) diag.List {
	var run []rules.Rule
	for _, r := range rules.Catalog {
		if s, ok := opts.Config.Rules[r.Doc().ID]; !ok || s != diag.Off {
			run = append(run, r)
		}
	}
	ix := rules.NewIndex(rules.Input{Schemas: ds.Schemas, Root: ds.Root, Records: ds.Records,
		Unread: Unread(ds.Records, ds.Skipped), Locate: newLocator(src, opts.Config), IsNew: opts.IsNew})
	return rules.Run(ix, run, opts.jobs())
}

// Unread returns what the rules across records cannot see of a dataset:
// the records of recs that did not read as a mapping, and the entries
// the listing skipped.
func Unread(recs []*record.Record, skipped []read.Skipped) []rules.Unread {
	var out []rules.Unread
	for _, rec := range recs {
		if !rec.Value.IsMap() {
			out = append(out, rules.UnreadRecord(rec))
		}
	}
	for _, s := range skipped {
		u := rules.Unread{File: s.Path, Kind: s.Kind, ID: s.ID, Folder: s.Folder, Blind: s.Src == nil}
		if s.Src != nil {
			u.Words = rules.Words(s.Src)
		}
		out = append(out, u)
	}
	return out
}

// locator finds positions in record files, reading each file once, when a
// finding about it is made.
type locator struct {
	src  report.Source
	lim  config.Limits
	mu   sync.Mutex
	seen map[string]read.Positions
}

func newLocator(src report.Source, cfg config.Config) *locator {
	return &locator{src: src, lim: cfg.Limits, seen: map[string]read.Positions{}}
}

// Locate implements rules.Locator.
func (l *locator) Locate(rec *record.Record, pointer string, key bool) diag.Pos {
	l.mu.Lock()
	pos, ok := l.seen[rec.File]
	l.mu.Unlock()
	if !ok {
		if b := l.src(rec.File); b != nil && int64(len(b)) <= l.lim.FileSize() {
			pos = read.Parse(rec.File, b, rec.Kind, l.lim).Positions()
		}
		l.mu.Lock()
		l.seen[rec.File] = pos
		l.mu.Unlock()
	}
	return pos.Find(pointer, key)
}
