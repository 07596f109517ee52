package release

import (
	"fmt"
	"strings"

	"github.com/dossier-data/dossier/changes"
)

// A published version never changes, as in every package registry: data
// users cite it and pin it. Build refuses to build a version already
// released from records that differ from its release, unless forced for a
// local experiment.

// Released is the published release of the version being built: its
// records, and where they were found ("git tag v1.0.0").
type Released struct {
	From     string
	Snapshot changes.Snapshot
}

// ReleasedError is returned by Build when the version being built is
// already released and the records differ from its release; nothing is
// written.
type ReleasedError struct {
	Version string
	From    string          // where the release was found: "git tag v1.0.0", "--previous dist/x-1.0.0"
	Report  *changes.Report // from the release to the records
}

func (e *ReleasedError) Error() string {
	return fmt.Sprintf("version %s is already released (%s), and the records differ from it: %s; "+
		"a published version never changes: bump VERSION (or give --version) for a new release, or build with --force for a local experiment",
		e.Version, e.From, recordChanges(e.Report))
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

// checkReleased compares the records with the release of their version.
// When they differ it returns a *ReleasedError, or with force a warning
// for Release.Warnings.
func checkReleased(version, from string, r *changes.Report, force bool) (warning string, err error) {
	if !recordsDiffer(r) {
		return "", nil
	}
	if !force {
		return "", &ReleasedError{Version: version, From: from, Report: r}
	}
	return fmt.Sprintf("version %s is already released (%s) and these records differ from it: %s; built with --force as a local experiment: do not publish it",
		version, from, recordChanges(r)), nil
}
