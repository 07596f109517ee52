package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/release"
	"github.com/dossier-data/dossier/validate"

	"github.com/urfave/cli/v2"
)

func init() { register(buildCommand) }

func buildCommand(s Streams) *cli.Command {
	return &cli.Command{
		Name:      "build",
		Usage:     "validate the records and compile them into a release in dist/",
		ArgsUsage: "[RECORDS]",
		Description: "RECORDS is the records folder (default: records); the dataset root is its parent, where\n" +
			"dossier.yaml (dataset: name, title, licenses, …) and VERSION are read. The release goes to\n" +
			"DIST/<name>-<version>/ with DIST/<name>-<version>.tar.gz beside it. Its time is SOURCE_DATE_EPOCH,\n" +
			"else the last commit that touched the records folder.\n" +
			"Exit codes: 0 built, 1 findings (nothing written), 2 usage, 3 I/O or internal failure.",
		Flags: append(append([]cli.Flag{
			&cli.StringFlag{Name: "version", Usage: "release `VERSION`", DefaultText: "the VERSION file at the dataset root"},
			&cli.StringFlag{Name: "dist", Value: "dist", Usage: "output `DIR`"},
			&cli.StringFlag{Name: "previous", Usage: "a previous release `DIR` (or its .tar.gz) to list changes against (CHANGELOG.md, changes.jsonl)"},
			&cli.BoolFlag{Name: "strict", Usage: "warnings fail the build too"},
			jobsFlag(),
		}, reportFlags("findings")...), append(limitFlagDefs(),
			&cli.BoolFlag{Name: "no-cache", Usage: "read every record afresh, without the cache in " + cacheFolder + "/ at the dataset root"},
		)...),
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return usage("build takes one records folder, not %d arguments", c.NArg())
			}
			format, text, err := reportOptions(c, s)
			if err != nil {
				return err
			}
			records := "records"
			if c.NArg() == 1 {
				records = filepath.Clean(c.Args().First())
			}
			if info, err := os.Stat(records); err != nil || !info.IsDir() {
				return usage("no records folder %s (run dossier in a dataset folder, or name the records folder)", records)
			}
			root := filepath.Dir(records)
			if inside(c.String("dist"), records) {
				return usage("--dist %s is inside the records folder %s: a release there would be read as records; build into a folder outside it, such as dist", c.String("dist"), records)
			}
			set, err := loadSchemas(c)
			if err != nil {
				return err
			}
			cfg, err := release.ReadConfig(filepath.Join(root, release.ConfigFile))
			if err != nil {
				return usage("%v", err)
			}
			version, err := releaseVersion(c.String("version"), root)
			if err != nil {
				return err
			}
			created, err := createdTime(s, root, records)
			if err != nil {
				return err
			}
			prev := c.String("previous")
			if prev != "" {
				info, err := os.Stat(prev)
				if err != nil || !(info.IsDir() || changes.IsArchive(prev) && info.Mode().IsRegular()) {
					return usage("--previous %s is not a release folder or archive", prev)
				}
			}
			limits, err := limitFlags(c)
			if err != nil {
				return err
			}
			vcfg, cdiags, err := validate.ReadConfig(records)
			if err != nil {
				return exit(ExitFailure, "%v", err)
			}
			// The same limits as dossier validate: flags win over dossier.yaml.
			vopts := validate.Options{Schemas: set, Jobs: c.Int("jobs"), Version: Version, Severity: vcfg.Severity, Limits: limits.Or(vcfg.Limits)}
			if !c.Bool("no-cache") {
				vopts.Cache = filepath.Join(root, cacheFolder)
			}
			opts := release.Options{
				Meta:     release.Meta{Config: cfg, Version: version, Created: created, Tool: Version},
				Records:  records,
				Dist:     c.String("dist"),
				Previous: prev,
				Strict:   c.Bool("strict"),
				Validate: vopts,
				Findings: cdiags,
			}
			rel, diags, err := release.Build(opts)
			if rel != nil && (len(diags) > 0 || format != "text") {
				if werr := validate.WriteWith(s.Out, format, diags, rel.Summary, validate.OSSource, text); werr != nil {
					return exit(ExitFailure, "writing the report: %v", werr)
				}
			}
			switch {
			case errors.Is(err, release.ErrFindings):
				return exit(ExitFindings, "no release built: fix the findings above")
			case errors.Is(err, validate.ErrNoRecords):
				return usage("%v", err)
			case err != nil:
				return exit(ExitFailure, "build: %v", err)
			}
			var parts []string
			for _, t := range rel.Counts {
				parts = append(parts, fmt.Sprintf("%s %d", t.Table, t.Rows))
			}
			for _, w := range rel.Warnings {
				note(s.Err, "warning: %s", w)
			}
			out := s.Out
			if format != "text" {
				out = s.Err // keep stdout one machine-readable report
			}
			printLine(out, fmt.Sprintf("built %s/ and %s", filepath.ToSlash(rel.Dir), filepath.ToSlash(rel.Archive)))
			if !text.Quiet {
				fmt.Fprintf(out, "rows: %s\n", strings.Join(parts, ", "))
			}
			return nil
		},
	}
}

// inside reports whether the folder p is dir or lies under it, once both
// are absolute and their symbolic links resolved (as far as they exist:
// p may not exist yet).
func inside(p, dir string) bool {
	rp, rd := realPath(p), realPath(dir)
	rel, err := filepath.Rel(rd, rp)
	return err == nil && filepath.IsLocal(rel)
}

// realPath is p absolute, with the symbolic links of its longest existing
// leading part resolved.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(real, rest)
		}
		if filepath.Dir(dir) == dir {
			return abs
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// releaseVersion is --version, else the first line of root/VERSION. The
// file must be a regular file and is read at most 4 KiB, so a pipe or a
// device there cannot hang or flood the build.
func releaseVersion(flag, root string) (string, error) {
	v := flag
	if v == "" {
		path := filepath.Join(root, "VERSION")
		info, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return "", usage("no release version: give --version or write it to %s", path)
		}
		if err != nil {
			return "", exit(ExitFailure, "%v", err)
		}
		if !info.Mode().IsRegular() {
			return "", usage("%s is not a regular file; write the release version in it, such as 1.2.0", path)
		}
		f, err := os.Open(path)
		if err != nil {
			return "", exit(ExitFailure, "%v", err)
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, 4096))
		if err != nil {
			return "", exit(ExitFailure, "%v", err)
		}
		v, _, _ = strings.Cut(string(b), "\n")
		v = strings.TrimSpace(v)
	}
	if !versionWord.MatchString(v) {
		return "", usage("release version %q must be one word of letters, digits, dots, hyphens, underscores or plus signs, at most 64 characters, such as 1.2.0", v)
	}
	return v, nil
}

var versionWord = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$`)

// createdTime is the release's time: SOURCE_DATE_EPOCH when set, else the
// time of the newest commit that touched the records folder, else (no git,
// or no commit yet) the modification time of the newest record file, said
// on stderr. The clock of the build is never used, so a rebuild of the
// same files gives the same bytes.
func createdTime(s Streams, root, records string) (time.Time, error) {
	epoch := s.Getenv("SOURCE_DATE_EPOCH")
	if epoch != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(epoch), 10, 64)
		if err != nil || n < 0 {
			return time.Time{}, usage("SOURCE_DATE_EPOCH=%q is not a count of seconds since 1970", epoch)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	rel, err := filepath.Rel(root, records)
	if err != nil {
		rel = records
	}
	cmd := exec.Command("git", "log", "-1", "--format=%ct", "--", rel)
	cmd.Dir = root
	out, err := cmd.Output()
	text := strings.TrimSpace(string(out))
	if err != nil || text == "" {
		t, newest, err := newestRecord(records)
		if err != nil {
			return time.Time{}, exit(ExitFailure, "cannot tell when %s last changed (no git commit touches it): %v; set SOURCE_DATE_EPOCH", records, err)
		}
		if newest == "" {
			return time.Time{}, usage("cannot tell when %s last changed: no git commit touches it and it holds no record file; set SOURCE_DATE_EPOCH", records)
		}
		note(s.Err, "no git commit touches %s: the release time is %s, when %s was last modified (set SOURCE_DATE_EPOCH to choose it)",
			records, t.Format(time.RFC3339), filepath.ToSlash(newest))
		return t, nil
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return time.Time{}, exit(ExitFailure, "git log gave %q, not a time", text)
	}
	return time.Unix(n, 0).UTC(), nil
}

// newestRecord returns the modification time, to the second, of the
// newest record file (*.yaml) under records, and its path ("" when there
// is none).
func newestRecord(records string) (time.Time, string, error) {
	var newest time.Time
	var file string
	err := filepath.WalkDir(records, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".yaml") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if t := info.ModTime().UTC().Truncate(time.Second); file == "" || t.After(newest) {
			newest, file = t, p
		}
		return nil
	})
	return newest, file, err
}

// limitFlagDefs are the --max-* flags of validate and build, read by
// limitFlags: a build validates under the same limits as validate.
func limitFlagDefs() []cli.Flag {
	return []cli.Flag{
		&cli.Int64Flag{Name: "max-file-size", Usage: "refuse record files over `BYTES` (also limits: in dossier.yaml)", DefaultText: "1048576"},
		&cli.Int64Flag{Name: "max-depth", Usage: "refuse records nested deeper than `N` levels", DefaultText: "64"},
		&cli.Int64Flag{Name: "max-string-size", Usage: "refuse text values over `BYTES`", DefaultText: "262144"},
		&cli.Int64Flag{Name: "max-values", Usage: "refuse records of more than `N` values", DefaultText: "10000"},
		&cli.Int64Flag{Name: "max-records", Usage: "refuse datasets of more than `N` record files", DefaultText: "5000000"},
	}
}
