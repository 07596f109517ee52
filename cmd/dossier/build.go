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
	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/release"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/report"

	"github.com/urfave/cli/v2"
)

func init() { register(buildCommand) }

func buildCommand(s Streams) *cli.Command {
	return &cli.Command{
		Name:      "build",
		Usage:     "validate the records and compile them into a release in dist/",
		ArgsUsage: "[DATASET]",
		Description: "DATASET is the dataset (default: the one this folder is in, found as git finds its work tree), or\n" +
			"its records folder. dossier.yaml (dataset: name, title, licenses, …) and VERSION are read at its root.\n" +
			"The release goes to DIST/<name>-<version>/ with DIST/<name>-<version>.tar.gz beside it. Its time is\n" +
			"SOURCE_DATE_EPOCH, else the last commit that touched the records folder, else the newest file time in it.\n" +
			"Exit codes: 0 built, 1 findings (nothing written), 2 usage, 3 I/O or internal failure.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "version", Usage: "release `VERSION` (default: the VERSION file at the dataset root)"},
			&cli.StringFlag{Name: "dist", Usage: "output `DIR` (default: dist at the dataset root)"},
			&cli.StringFlag{Name: "previous", Usage: "a previous release `DIR` (or its .tar.gz) to list changes against (CHANGELOG.md, changes.jsonl)"},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "findings `FORMAT`: " + strings.Join(report.Formats, ", ") + " (default: github under GitHub Actions, else text)"},
			&cli.BoolFlag{Name: "strict", Usage: "warnings fail the build too"},
			&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Usage: "parallel workers (default: one per CPU)"},
		}, append(limitFlagDefs(),
			&cli.BoolFlag{Name: "no-cache", Usage: "read every record afresh, without the cache in " + cacheFolder + "/ at the dataset root"},
		)...),
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return usage("build takes one dataset, not %d arguments", c.NArg())
			}
			format, err := reportFormat(c, s)
			if err != nil {
				return err
			}
			d, err := openDataset(c, c.Args().First())
			if err != nil {
				return err
			}
			set, err := loadSchemas(c)
			if err != nil {
				return err
			}
			version, err := releaseVersion(c.String("version"), d.root)
			if err != nil {
				return err
			}
			created, err := createdTime(s.Getenv("SOURCE_DATE_EPOCH"), d.root, filepath.Join(d.root, config.RecordsFolder))
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
			dist := c.String("dist")
			if dist == "" {
				dist = displayPath(filepath.Join(d.root, "dist"))
			}
			vopts := validate.Options{Schemas: set, Jobs: c.Int("jobs"), Version: tool.Version, Config: d.config, IsNew: newFiles(d.root)}
			if !c.Bool("no-cache") {
				vopts.Cache = filepath.Join(d.root, cacheFolder)
			}
			opts := release.Options{
				Meta:     release.Meta{Dataset: d.config.Dataset, Version: version, Created: created, Tool: tool.Version},
				Records:  d.records,
				Dist:     dist,
				Previous: prev,
				Strict:   c.Bool("strict"),
				Validate: vopts,
				Findings: d.configFindings,
			}
			rel, diags, err := release.Build(opts)
			if rel != nil && (len(diags) > 0 || format != "text") {
				if werr := writeReport(s.Out, format, diags, rel.Summary); werr != nil {
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
			out := s.Out
			if format != "text" {
				out = s.Err // keep stdout one machine-readable report
			}
			fmt.Fprintf(out, "built %s/ and %s\n", filepath.ToSlash(rel.Dir), filepath.ToSlash(rel.Archive))
			fmt.Fprintf(out, "rows: %s\n", strings.Join(parts, ", "))
			return nil
		},
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
			return "", usage("no release version: give --version or write it to %s", displayPath(path))
		}
		if err != nil {
			return "", exit(ExitFailure, "%v", err)
		}
		if !info.Mode().IsRegular() {
			return "", usage("%s is not a regular file; write the release version in it, such as 1.2.0", displayPath(path))
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
// time of the newest commit that touched the records folder, else (records
// no commit touches yet, as in a dataset dossier init just made) the newest
// modification time in the records folder. The clock of the build is never
// used, so a rebuild of the same files gives the same bytes.
func createdTime(epoch, root, records string) (time.Time, error) {
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
		return newestModTime(records)
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return time.Time{}, exit(ExitFailure, "git log gave %q, not a time", text)
	}
	return time.Unix(n, 0).UTC(), nil
}

// newestModTime is the latest modification time of the records folder, its
// folders and files, to the second.
func newestModTime(records string) (time.Time, error) {
	var newest time.Time
	err := filepath.WalkDir(records, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if t := info.ModTime(); t.After(newest) {
			newest = t
		}
		return nil
	})
	if err != nil {
		return time.Time{}, exit(ExitFailure, "cannot tell when %s last changed: %v; set SOURCE_DATE_EPOCH", records, unwrap(err))
	}
	return newest.Truncate(time.Second).UTC(), nil
}

// limitFlagDefs are the --max-* flags of validate and build, read by
// limitFlags: a build validates under the same limits as validate.
func limitFlagDefs() []cli.Flag {
	return []cli.Flag{
		&cli.Int64Flag{Name: "max-file-size", Usage: "refuse record files over `BYTES` (default 1048576; also limits: in dossier.yaml)"},
		&cli.Int64Flag{Name: "max-depth", Usage: "refuse records nested deeper than `N` levels (default 64)"},
		&cli.Int64Flag{Name: "max-string-size", Usage: "refuse text values over `BYTES` (default 262144)"},
		&cli.Int64Flag{Name: "max-values", Usage: "refuse records of more than `N` values (default 10000)"},
		&cli.Int64Flag{Name: "max-records", Usage: "refuse datasets of more than `N` record files (default 5000000)"},
	}
}
