package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/dossier-data/dossier/validate"

	"github.com/urfave/cli/v2"
)

func init() { register(validateCommand) }

func validateCommand(s Streams) *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check records against the schemas and the cross-record rules",
		ArgsUsage: "[PATH...]",
		Description: "PATH is a records folder or record files (default: records). Findings go to stdout.\n" +
			"Exit codes: 0 clean, 1 findings, 2 usage, 3 I/O or internal failure.",
		Flags: append(append(reportFlags("output"),
			&cli.BoolFlag{Name: "strict", Usage: "fail on warnings too"},
			jobsFlag(),
		), append(limitFlagDefs(),
			&cli.BoolFlag{Name: "no-cache", Usage: "read every record afresh, without the cache in " + cacheFolder + "/ at the dataset root"},
		)...),
		Action: func(c *cli.Context) error {
			format, text, err := reportOptions(c, s)
			if err != nil {
				return err
			}
			set, err := loadSchemas(c)
			if err != nil {
				return err
			}
			opts := validate.Options{Schemas: set, Jobs: c.Int("jobs"), Version: Version}
			if !c.Bool("no-cache") {
				opts.Cache = cacheFolder
			}
			if opts.Limits, err = limitFlags(c); err != nil {
				return err
			}
			ds, diags, err := runValidate(c.Args().Slice(), opts)
			if err != nil {
				return err
			}
			sum := validate.NewSummary(ds, diags)
			if err := validate.WriteWith(s.Out, format, diags, sum, validate.OSSource, text); err != nil {
				return exit(ExitFailure, "writing the report: %v", err)
			}
			if err := appendStepSummary(s, func(w io.Writer) error { return validate.WriteMarkdown(w, diags, sum) }); err != nil {
				return err
			}
			if diags.Failed(c.Bool("strict")) {
				return exit(ExitFindings, "")
			}
			return nil
		},
	}
}

// cacheFolder holds the load cache, at the dataset root (the parent of the
// records folder). Options.Cache names it relative to that root until
// runValidate resolves it.
const cacheFolder = ".dossier-cache"

// runValidate resolves the PATH arguments to one records folder and the
// files to report on, reads the dataset's dossier.yaml, then validates the
// whole folder: rules that look across records always see every record.
func runValidate(args []string, opts validate.Options) (*validate.Dataset, validate.List, error) {
	root, only, err := resolvePaths(args)
	if err != nil {
		return nil, nil, err
	}
	cfg, cdiags, err := validate.ReadConfig(root)
	if err != nil {
		return nil, nil, exit(ExitFailure, "%v", err)
	}
	opts.Severity = cfg.Severity
	opts.Limits = opts.Limits.Or(cfg.Limits) // flags win over dossier.yaml
	if opts.Cache != "" {
		opts.Cache = filepath.Join(filepath.Dir(root), opts.Cache)
	}
	ds, diags, err := validate.Run(root, opts)
	if err != nil {
		if errors.Is(err, validate.ErrNoRecords) {
			return nil, nil, usage("%v (run dossier in a dataset folder, or name the records folder)", err)
		}
		return nil, nil, exit(ExitFailure, "%v", err)
	}
	if only != nil {
		kept := diags[:0]
		for _, d := range diags {
			if only[d.File] {
				kept = append(kept, d)
			}
		}
		diags = kept
	}
	if len(cdiags) > 0 {
		diags = append(diags, cdiags...) // dossier.yaml applies to every file
		diags.Sort()
	}
	return ds, diags, nil
}

// resolvePaths maps PATH arguments to the records folder they belong to and,
// when files are named, the set of files to report on (nil: all).
func resolvePaths(args []string) (string, map[string]bool, error) {
	if len(args) == 0 {
		return "records", nil, nil
	}
	var root string
	var only map[string]bool
	for _, a := range args {
		info, err := os.Stat(a)
		if err != nil {
			return "", nil, usage("%s: %v", a, unwrap(err))
		}
		var r string
		if info.IsDir() {
			r = filepath.Clean(a)
			if only != nil {
				return "", nil, usage("name either a records folder or record files, not both")
			}
		} else {
			r = filepath.Dir(filepath.Dir(filepath.Clean(a)))
			if only == nil {
				if root != "" {
					return "", nil, usage("name either a records folder or record files, not both")
				}
				only = map[string]bool{}
			}
			only[filepath.ToSlash(filepath.Clean(a))] = true
		}
		if root != "" && r != root {
			return "", nil, usage("%s is not in the records folder %s; validate one dataset at a time", a, root)
		}
		root = r
	}
	return root, only, nil
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
func limitFlags(c *cli.Context) (validate.Limits, error) {
	var lim validate.Limits
	for _, f := range []struct {
		name string
		set  func(int64)
	}{
		{"max-file-size", func(n int64) { lim.MaxFileSize = n }},
		{"max-depth", func(n int64) { lim.MaxDepth = int(n) }},
		{"max-string-size", func(n int64) { lim.MaxStringSize = int(n) }},
		{"max-values", func(n int64) { lim.MaxValues = int(n) }},
		{"max-records", func(n int64) { lim.MaxRecords = int(n) }},
	} {
		if !c.IsSet(f.name) {
			continue
		}
		n := c.Int64(f.name)
		if n <= 0 || n > 1<<31-1 && f.name != "max-file-size" {
			return lim, usage("--%s must be a positive whole number up to %d, not %d", f.name, 1<<31-1, n)
		}
		f.set(n)
	}
	return lim, nil
}
