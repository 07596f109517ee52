package release

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/config"
)

// A published version never changes, as in every package registry: data
// users cite it and pin it. Build refuses to build a version already
// released from records that differ from its release, unless forced for a
// local experiment. What a release is built from is its records and the
// dataset: section of dossier.yaml (its name, title, licences, …); both
// are held to the release.

// Released is the published release of the version being built: its
// records, its dataset: section, and where they were found ("git tag
// v1.0.0").
type Released struct {
	From     string
	Snapshot changes.Snapshot
	Dataset  config.Dataset
}

// ReleasedError is returned by Build when the version being built is
// already released and what it is built from differs from its release;
// nothing is written.
type ReleasedError struct {
	Version string
	From    string          // where the release was found: "git tag v1.0.0", "--previous dist/x-1.0.0"
	Report  *changes.Report // from the release to the records
	Dataset []string        // the keys of the dataset: section that differ
}

func (e *ReleasedError) Error() string {
	return fmt.Sprintf("version %s is already released (%s), and %s; "+
		"a published version never changes: bump VERSION (or give --version) for a new release, or build with --force for a local experiment",
		e.Version, e.From, differences(e.Report, e.Dataset))
}

// differences says what differs from a release: "the records differ from
// it: 1 changed (changed: raid)", "dossier.yaml's dataset: section differs
// from it in title, licenses", or both.
func differences(r *changes.Report, dataset []string) string {
	var parts []string
	if recordsDiffer(r) {
		parts = append(parts, "the records differ from it: "+recordChanges(r))
	}
	if len(dataset) > 0 {
		parts = append(parts, config.File+"'s dataset: section differs from it in "+strings.Join(dataset, ", "))
	}
	return strings.Join(parts, ", and ")
}

// datasetChanges lists the keys of the dataset: section whose values
// differ between old and new, in the order of the section.
func datasetChanges(old, new config.Dataset) []string {
	var out []string
	for _, f := range []struct {
		key  string
		a, b any
	}{
		{"name", old.Name, new.Name},
		{"title", old.Title, new.Title},
		{"description", old.Description, new.Description},
		{"homepage", old.Homepage, new.Homepage},
		{"keywords", old.Keywords, new.Keywords},
		{"licenses", old.Licenses, new.Licenses},
		{"sources", old.Sources, new.Sources},
		{"contributors", old.Contributors, new.Contributors},
		{"citation", old.Citation, new.Citation},
	} {
		if encoded(f.a) != encoded(f.b) {
			out = append(out, f.key)
		}
	}
	return out
}

// encoded is v in JSON, an empty list as null: a value as a release
// writes it.
func encoded(v any) string {
	b, _ := json.Marshal(v)
	if string(b) == "[]" {
		return "null"
	}
	return string(b)
}

// recordsDiffer reports whether r holds a record added, changed, withdrawn
// or removed.
func recordsDiffer(r *changes.Report) bool {
	return len(r.Added)+len(r.Changed)+len(r.Withdrawn)+len(r.Removed) > 0
}

// recordChanges counts the records of r added, changed (withdrawn
// included) and removed, and names a few of each: "1 added, 2 changed
// (added: raid-2; changed: raid, obc)".
func recordChanges(r *changes.Report) string {
	changed := append(append([]changes.RecordChange(nil), r.Changed...), r.Withdrawn...)
	var counts, names []string
	for _, c := range []struct {
		what string
		l    []changes.RecordChange
	}{{"added", r.Added}, {"changed", changed}, {"removed", r.Removed}} {
		if len(c.l) == 0 {
			continue
		}
		counts = append(counts, fmt.Sprintf("%d %s", len(c.l), c.what))
		var ids []string
		for i, rc := range c.l {
			if i == 3 {
				ids = append(ids, fmt.Sprintf("and %d more", len(c.l)-3))
				break
			}
			ids = append(ids, rc.ID)
		}
		names = append(names, c.what+": "+strings.Join(ids, ", "))
	}
	return strings.Join(counts, ", ") + " (" + strings.Join(names, "; ") + ")"
}

// checkReleased holds what a release is built from to the release of its
// version: r compares the records, dataset lists the keys of the dataset:
// section that differ. When anything differs it returns a *ReleasedError,
// or with force a warning for Release.Warnings.
func checkReleased(version, from string, r *changes.Report, dataset []string, force bool) (warning string, err error) {
	if !recordsDiffer(r) && len(dataset) == 0 {
		return "", nil
	}
	if !force {
		return "", &ReleasedError{Version: version, From: from, Report: r, Dataset: dataset}
	}
	what := differences(r, dataset)
	what = strings.Replace(what, "the records differ from it", "these records differ from it", 1)
	return fmt.Sprintf("version %s is already released (%s) and %s; built with --force as a local experiment: do not publish it",
		version, from, what), nil
}
