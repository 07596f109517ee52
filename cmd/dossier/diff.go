package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/release"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/diag"

	"github.com/urfave/cli/v2"
)

func init() { register(diffCommand) }

func diffCommand(s Streams) *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "compare two versions of the dataset: records added, changed, withdrawn, removed, and breaking changes",
		ArgsUsage: "OLD [NEW] | OLD..NEW | OLD...NEW",
		Description: "OLD and NEW are release folders or archives (dist/dossier-0.1.0, dossier-0.1.0.tar.gz),\n" +
			"records folders, or git revisions of the dataset (HEAD~1, main, v0.1.0; OLD..NEW and\n" +
			"OLD...NEW as in git: the latter from their common ancestor, what a pull request changes).\n" +
			"Without NEW, OLD is compared with the records folder of the working tree.\n" +
			"Under GitHub Actions the Markdown report is also appended to $GITHUB_STEP_SUMMARY.\n" +
			"Breaking: a released ID gone without being withdrawn, a release column removed or retyped\n" +
			"(columns are compared between releases only).\n" +
			"A record file that cannot be read (a YAML error, no id) is never counted as removed: diff prints its\n" +
			"errors and stops.\n" +
			"Exit codes: 0 done, 1 breaking changes with --breaking, or a record file that cannot be read,\n" +
			"2 usage, 3 I/O or internal failure.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: text, markdown or json"},
			&cli.BoolFlag{Name: "breaking", Usage: "exit 1 when a change breaks data users"},
			&cli.StringFlag{Name: "records", Value: "records", Usage: "the records `DIR` of the working tree, also its path in git revisions"},
		},
		Action: func(c *cli.Context) error {
			format := c.String("format")
			if !contains(changes.Formats, format) {
				return usage("unknown --format %q (want %s)", format, strings.Join(changes.Formats, ", "))
			}
			oldArg, newArg, err := diffArgs(c.Args().Slice())
			if err != nil {
				return err
			}
			set, err := loadSchemas(c)
			if err != nil {
				return err
			}
			v := &versions{records: c.String("records"), set: set, errOut: s.Err}
			old, err := v.snapshot(oldArg)
			if err != nil {
				return err
			}
			new, err := v.snapshot(newArg)
			if err != nil {
				return err
			}
			// Records compare as their files hold them: the columns a
			// release derives (date spans and qualifiers, false for an
			// absent flag) are no change of their own, between a
			// release and records, or two releases of which the later
			// derives more.
			old, new = old.AsWritten(set), new.AsWritten(set)
			r := changes.Compare(old, new)
			if err := r.WriteFormat(s.Out, format); err != nil {
				return exit(ExitFailure, "writing the report: %v", err)
			}
			if err := appendStepSummary(s, r.WriteMarkdown); err != nil {
				return err
			}
			if c.Bool("breaking") && r.HasBreaking() {
				if s.Getenv("GITHUB_ACTIONS") == "true" {
					for _, b := range r.Breaking {
						fmt.Fprintf(s.Err, "::error title=%s::%s\n", ghProperty("dossier diff ("+b.Class+")"), ghData(b.Message))
					}
				}
				return exit(ExitFindings, "")
			}
			return nil
		},
	}
}

// worktree stands for the records folder of the working tree.
const worktree = ""

// diffArgs reads OLD [NEW], OLD..NEW or OLD...NEW; as in git, an empty
// side is HEAD and OLD...NEW starts from the common ancestor of the two
// (what a branch changed, as a pull request shows it). A missing NEW is the
// working tree.
func diffArgs(args []string) (string, string, error) {
	switch len(args) {
	case 1:
		a := args[0]
		if o, n, ok := strings.Cut(a, "..."); ok && !exists(a) {
			if o == "" {
				o = "HEAD"
			}
			if n == "" {
				n = "HEAD"
			}
			base, err := git("", "merge-base", "--end-of-options", o, n)
			if err != nil {
				return "", "", usage("%s: no common ancestor of %s and %s: %v", a, o, n, err)
			}
			return strings.TrimSpace(string(base)), n, nil
		}
		if o, n, ok := strings.Cut(a, ".."); ok && !exists(a) {
			if o == "" {
				o = "HEAD"
			}
			if n == "" {
				n = "HEAD"
			}
			return o, n, nil
		}
		return a, worktree, nil
	case 2:
		return args[0], args[1], nil
	}
	return "", "", usage("diff takes OLD and NEW (or OLD..NEW, or OLD alone for the working tree); got %d arguments", len(args))
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// versions turns diff arguments into snapshots.
type versions struct {
	records  string // the records folder of the working tree
	set      *schemas.Set
	errOut   io.Writer
	releases int // how many of the versions read are releases
}

func (v *versions) snapshot(arg string) (changes.Snapshot, error) {
	if arg == worktree {
		return v.dataset(v.records, "working tree", false, same)
	}
	info, err := os.Stat(arg)
	if err == nil {
		if !info.IsDir() {
			if changes.IsArchive(arg) {
				return v.release(arg)
			}
			return changes.Snapshot{}, usage("%s is a file, not a release folder, release archive (.tar.gz) or records folder", arg)
		}
		switch folderKind(arg, v.set) {
		case "release":
			return v.release(arg)
		case "records":
			return v.dataset(arg, filepath.ToSlash(arg), false, same)
		}
		return changes.Snapshot{}, usage("%s is neither a release folder (no datapackage.json or *.jsonl) nor a records folder (no %s folder)", arg, strings.Join(tableNames(v.set), ", "))
	}
	return v.revision(arg)
}

func (v *versions) release(p string) (changes.Snapshot, error) {
	v.releases++
	// diff only reads: the archive of a release that a killed build left
	// half published is stale, and its folder is read instead.
	snap, err := changes.ReadRelease(release.ReadPath(p))
	if err != nil {
		return snap, exit(ExitFailure, "%v", err)
	}
	return snap, nil
}

// folderKind tells a release folder from a records folder: "release",
// "records" or "".
func folderKind(dir string, set *schemas.Set) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	kind := ""
	for _, e := range entries {
		n := e.Name()
		switch {
		case !e.IsDir() && (n == changes.DataPackage || strings.HasSuffix(n, ".jsonl") || strings.HasSuffix(n, ".jsonl.gz")):
			return "release"
		case e.IsDir() && set.KindByTable(n) != nil:
			kind = "records"
		}
	}
	return kind
}

func tableNames(set *schemas.Set) []string {
	var out []string
	for _, k := range set.Kinds {
		out = append(out, k.Table+"/")
	}
	return out
}

// dataset loads a records folder; findings are not reported here (that is
// validate's job), except those of a record file that could not be read
// into a record with an ID: left out, it would count as removed (and as
// breaking), so diff stops (exit 1) and prints the findings that stopped
// it, their files named by shown. rev says dir holds a git revision.
func (v *versions) dataset(dir, name string, rev bool, shown func(file string) string) (changes.Snapshot, error) {
	ds, diags, err := validate.Load(dir, validate.Options{Schemas: v.set})
	if err != nil {
		if errors.Is(err, validate.ErrNoRecords) {
			return changes.Snapshot{}, usage("%v (run dossier in a dataset folder, or use --records)", err)
		}
		return changes.Snapshot{}, exit(ExitFailure, "%s: %v", name, err)
	}
	if unread := unreadRecords(ds, diags); len(unread) > 0 {
		for _, d := range unread {
			d.File = shown(d.File)
			printLine(v.errOut, d.String())
		}
		files := map[string]bool{}
		for _, d := range unread {
			files[d.File] = true
		}
		n := len(files)
		what := "fix " + plural(n, "it", "them") + " (dossier validate) and compare again"
		if rev {
			what = "a revision is compared only when every record file of it can be read"
		}
		return changes.Snapshot{}, exit(ExitFindings, "%s: %d record %s cannot be read (above), so what became of %s cannot be told; %s",
			name, n, plural(n, "file", "files"), plural(n, "its record", "their records"), what)
	}
	snap := changes.FromRecords(ds.Records)
	snap.Name = name
	return snap, nil
}

// unreadRecords returns the errors of the record files of ds that were
// not read into a record with an ID (those changes.FromRecords leaves
// out), sorted; a file without an error of its own gets one saying so.
func unreadRecords(ds *validate.Dataset, diags diag.List) diag.List {
	unread := map[string]bool{} // file: an error of it was found
	for _, r := range ds.Records {
		if r.ID == "" {
			unread[r.File] = false
		}
	}
	if len(unread) == 0 {
		return nil
	}
	var out diag.List
	for _, d := range diags {
		if _, ok := unread[d.File]; ok && d.Severity == diag.Error {
			out.Add(d)
			unread[d.File] = true
		}
	}
	for file, found := range unread {
		if !found {
			out.Add(diag.Diagnostic{File: file, Rule: "file-read", Severity: diag.Error, Message: "the file holds no record with an id"})
		}
	}
	out.Sort()
	return out
}

// same is a file's name as it is.
func same(file string) string { return file }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// revision extracts the records folder at a git revision into a temporary
// folder and loads it. A revision without a records folder is an empty
// dataset (everything in the other version is added).
func (v *versions) revision(rev string) (changes.Snapshot, error) {
	if strings.HasPrefix(rev, "-") {
		return changes.Snapshot{}, usage("%s is not a release, records folder or git revision", rev)
	}
	if _, err := exec.LookPath("git"); err != nil {
		return changes.Snapshot{}, exit(ExitFailure, "%s is not a folder, and git is not installed to read it as a revision", rev)
	}
	// git's own error, when it cannot read the repository, is the answer:
	// not "no such revision".
	ok, err := checkGit("")
	if err != nil {
		return changes.Snapshot{}, exit(ExitFailure, "%s is not a folder, and %v", rev, err)
	}
	if !ok {
		return changes.Snapshot{}, usage("%s is not a release, records folder or git revision (this folder is in no git repository)", rev)
	}
	if _, err := git("", "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}"); err != nil {
		if !notFound(err) {
			return changes.Snapshot{}, exit(ExitFailure, "git cannot read the revision %s: %s", rev, oneLine(err.Error()))
		}
		return changes.Snapshot{}, usage("%s is not a release, records folder or git revision", rev)
	}
	at, err := recordsAt("", v.records, rev)
	if err != nil {
		return changes.Snapshot{}, err
	}
	defer at.remove()
	if at.dir == "" {
		note(v.errOut, "%s has no %s folder; comparing with an empty dataset", rev, at.sub)
		return changes.Snapshot{Name: rev}, nil
	}
	// A finding names the file as git does: rev:path.
	tmp := filepath.ToSlash(at.dir) + "/"
	return v.dataset(at.dir, rev, true, func(file string) string {
		if rest, ok := strings.CutPrefix(file, tmp); ok {
			return rev + ":" + path.Join(at.sub, rest)
		}
		return file
	})
}
