package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/escape"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/report"

	"github.com/urfave/cli/v2"
)

func init() { register(validateCommand) }

func validateCommand(s Streams) *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check records against the schemas and the cross-record rules",
		ArgsUsage: "[PATH...]",
		Description: "PATH is the dataset, its records folder, a kind folder or record files (default: the dataset\n" +
			"this folder is in, found as git finds its work tree). Rules that look across records always\n" +
			"read the whole records folder; findings are reported for the paths named. Findings go to stdout.\n" +
			"Exit codes: 0 clean, 1 findings, 2 usage, 3 I/O or internal failure.",
		Flags: append(append(reportFlags("output"),
			&cli.BoolFlag{Name: "strict", Usage: "fail on warnings too"},
			jobsFlag(),
		), append(limitFlagDefs(), noCacheFlag())...),
		Action: func(c *cli.Context) error {
			format, text, err := reportOptions(c, s)
			if err != nil {
				return err
			}
			set, err := loadSchemas(c)
			if err != nil {
				return err
			}
			opts := validate.Options{Schemas: set, Jobs: c.Int("jobs")}
			ds, diags, err := runValidate(c, c.Args().Slice(), opts)
			if err != nil {
				return err
			}
			sum := validate.Summarize(ds, diags)
			if err := writeReport(s.Out, format, text, diags, sum); err != nil {
				return exit(ExitFailure, "writing the report: %v", err)
			}
			if err := appendStepSummary(s, func(w io.Writer) error { return writeReport(w, "markdown", report.Options{}, diags, sum) }); err != nil {
				return err
			}
			if diags.Failed(c.Bool("strict")) {
				return exit(ExitFindings, "")
			}
			return nil
		},
	}
}

// writeReport writes findings in a format of package report, with the
// options of --quiet and --color.
func writeReport(w io.Writer, format string, o report.Options, l diag.List, sum report.Summary) error {
	o.Source, o.Rules, o.Tool = report.OSSource, validate.Rules(), tool.Version
	out, err := report.New(format, o)
	if err != nil {
		return err
	}
	return out.Write(w, l, sum)
}

// noCacheFlag is accepted and does nothing: dossier keeps no cache and
// reads every record on every run, but scripts written for the versions
// that kept one pass it.
func noCacheFlag() cli.Flag {
	return &cli.BoolFlag{Name: "no-cache", Hidden: true, Usage: "no effect: every record is read afresh on every run"}
}

// dataset is what a command works on: the dataset root, its records folder
// as reported (relative to the working folder when it can be) and its
// configuration, read once.
type dataset struct {
	root    string
	records string
	config  config.Config
	// findings of dossier.yaml
	configFindings diag.List
}

// openDataset finds the dataset of path (the working folder when "") as
// git finds its work tree, and reads its dossier.yaml; --max-* flags win
// over its limits.
func openDataset(c *cli.Context, path string) (*dataset, error) {
	from := path
	if from == "" {
		from = "."
	}
	root, ok := config.FindRoot(from)
	if !ok {
		if path == "" {
			return nil, usage("no dataset here: no %s or %s/ folder in this folder or above it (run dossier init, or name a dataset)", config.File, config.RecordsFolder)
		}
		return nil, usage("%s is not inside a dataset: no %s or %s/ folder in its folder or above it", path, config.File, config.RecordsFolder)
	}
	d := &dataset{root: root, records: displayPath(filepath.Join(root, config.RecordsFolder))}
	cfg, cdiags, err := config.Read(displayPath(root), validate.Rules())
	if err != nil {
		return nil, exit(ExitFailure, "%v", err)
	}
	d.config, d.configFindings = cfg, cdiags
	lim, err := limitFlags(c)
	if err != nil {
		return nil, err
	}
	d.config.Limits = lim.Or(cfg.Limits) // flags win over dossier.yaml
	return d, nil
}

// displayPath is p as a person reads it, slash-separated: relative to the
// working folder when p is below it, or when both are in the same dataset
// (../events/x.yaml from records/quotes, as git shows paths); absolute
// otherwise.
func displayPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	wd, err := os.Getwd()
	if err != nil {
		return filepath.ToSlash(abs)
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	if rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(rel)
	}
	if root, ok := config.FindRoot(wd); ok && (abs == root || strings.HasPrefix(abs, root+string(filepath.Separator))) {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

// runValidate finds the dataset of the PATH arguments, validates its whole
// records folder, and keeps the findings about the paths named.
func runValidate(c *cli.Context, args []string, opts validate.Options) (*validate.Dataset, diag.List, error) {
	first := ""
	if len(args) > 0 {
		first = args[0]
	}
	d, err := openDataset(c, first)
	if err != nil {
		return nil, nil, err
	}
	only, err := namedPaths(d, args)
	if err != nil {
		return nil, nil, err
	}
	opts.Config = d.config
	opts.IsNew = newFiles(d.root)
	ds, diags, err := validate.Run(d.records, opts)
	if err != nil {
		if errors.Is(err, validate.ErrNoRecords) {
			return nil, nil, usage("%v (the dataset at %s has no records folder; run dossier init there)", err, displayPath(d.root))
		}
		return nil, nil, exit(ExitFailure, "%v", err)
	}
	if only != nil {
		diags = only.keep(diags, ds.Held)
		if err := only.check(ds, diags); err != nil {
			return nil, nil, err
		}
	}
	diags = append(diags, d.configFindings...) // dossier.yaml applies to every file
	diags.Sort()
	return ds, diags, nil
}

// named are the paths named on the command line, inside the records
// folder: findings are reported for these alone, and for the records
// folder as a whole (a link, over max-records), which every path in it
// shares.
type named struct {
	root  string   // the records folder, as reported
	paths []string // slash-separated, as reported
}

// namedPaths maps PATH arguments to paths inside the records folder; nil
// when the whole dataset is meant.
func namedPaths(d *dataset, args []string) (*named, error) {
	n := &named{root: d.records}
	recordsAbs, _ := filepath.Abs(filepath.Join(d.root, config.RecordsFolder))
	for _, a := range args {
		// Lstat: a symbolic link named, even one to nothing, is an entry
		// of the records folder, which the listing reports as it does
		// when the folder is named.
		if _, err := os.Lstat(a); err != nil {
			return nil, usage("%s: %v", a, unwrap(err))
		}
		root, ok := config.FindRoot(a)
		if !ok || root != d.root {
			return nil, usage("%s is not in the dataset at %s; validate one dataset at a time", a, displayPath(d.root))
		}
		abs, _ := filepath.Abs(a)
		if abs == d.root || abs == recordsAbs {
			return nil, nil // the whole dataset
		}
		rel, err := filepath.Rel(recordsAbs, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, usage("%s is not in the records folder %s: name the dataset, its records folder, a kind folder or record files", a, d.records)
		}
		n.paths = append(n.paths, d.records+"/"+filepath.ToSlash(rel))
	}
	if len(n.paths) == 0 {
		return nil, nil
	}
	return n, nil
}

// covers reports whether the file p is one of the paths named or inside
// one, or the records folder itself.
func (n *named) covers(p string) bool {
	if p == n.root {
		return true
	}
	for _, q := range n.paths {
		if p == q || strings.HasPrefix(p, q+"/") {
			return true
		}
	}
	return false
}

// keep returns the findings about the paths named, and those of each file
// outside them that held back a finding about them (a reference to a
// record file that did not read): that file's finding is the one to fix,
// and without it a scoped run would hide the mistake.
func (n *named) keep(l diag.List, held diag.List) diag.List {
	holders := map[string]bool{}
	for _, d := range held {
		if n.covers(d.File) && !n.covers(d.HeldBy) {
			holders[d.HeldBy] = true
		}
	}
	kept := l[:0]
	for _, d := range l {
		if n.covers(d.File) || holders[d.File] {
			kept = append(kept, d)
		}
	}
	return kept
}

// check refuses a named path that holds no record file and has no finding:
// nothing was checked there, and a clean report would say otherwise.
func (n *named) check(ds *validate.Dataset, l diag.List) error {
	for _, q := range n.paths {
		found := false
		for _, r := range ds.Records {
			if r.File == q || strings.HasPrefix(r.File, q+"/") {
				found = true
				break
			}
		}
		for _, d := range l {
			if found {
				break
			}
			found = d.File == q || strings.HasPrefix(d.File, q+"/") || d.File == n.root
		}
		if !found {
			return usage("%s holds no record file: records are %s/<kind>/<id>.yaml", escape.Line(q), ds.Root)
		}
	}
	return nil
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// limitFlags reads the --max-* flags; a flag left out is zero, which keeps
// dossier.yaml's limit or the default.
func limitFlags(c *cli.Context) (config.Limits, error) {
	var lim config.Limits
	for _, name := range config.LimitNames {
		if !c.IsSet(name) {
			continue
		}
		n := c.Int64(name)
		if n <= 0 || n > 1<<31-1 && name != "max-file-size" {
			return lim, usage("--%s must be a positive whole number up to %d, not %d", name, 1<<31-1, n)
		}
		lim.Set(name, n)
	}
	return lim, nil
}
