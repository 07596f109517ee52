package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/parallel"
	"github.com/dossier-data/dossier/release"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate"

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
			"SOURCE_DATE_EPOCH (seconds since 1970, up to 253402300799, the end of year 9999), else the last commit\n" +
			"that touched the records folder, else the newest change in it.\n" +
			"A version already released (a git tag v<VERSION> in the dataset's repository, or --previous naming a\n" +
			"release of the same version) is never built again from records or a dataset: section that differ from it:\n" +
			"bump VERSION. In a git repository that git cannot read (git missing, a repository it refuses), build\n" +
			"stops (exit 3), as it cannot tell whether the version is released; SOURCE_DATE_EPOCH with --force\n" +
			"builds it as a local experiment.\n" +
			"Exit codes: 0 built, 1 findings or a released version changed (nothing written), 2 usage,\n" +
			"3 I/O or internal failure.",
		Flags: append(append([]cli.Flag{
			&cli.StringFlag{Name: "version", Usage: "release `VERSION`", DefaultText: "the VERSION file at the dataset root"},
			&cli.StringFlag{Name: "dist", Usage: "output `DIR`", DefaultText: "dist at the dataset root"},
			&cli.StringFlag{Name: "previous", Usage: "a previous release `DIR` (or its .tar.gz) to list changes against (CHANGELOG.md, changes.jsonl)"},
			&cli.BoolFlag{Name: "strict", Usage: "warnings fail the build too"},
			&cli.BoolFlag{Name: "force", Usage: "build a released version from records that differ from it, as a local experiment"},
			jobsFlag(),
		}, reportFlags("findings")...), append(limitFlagDefs(), noCacheFlag())...),
		Action: func(c *cli.Context) error { return buildAction(c, s) },
	}
}

func buildAction(c *cli.Context, s Streams) error {
	if c.NArg() > 1 {
		return usage("build takes one records folder, not %d arguments", c.NArg())
	}
	format, text, err := reportOptions(c, s)
	if err != nil {
		return err
	}
	d, err := openDataset(c, c.Args().First())
	if err != nil {
		return err
	}
	opts, unreleased, err := buildOptions(c, s, d)
	if err != nil {
		return err
	}
	earlier := readSums(filepath.Join(opts.Dist, opts.Folder(), "SHA256SUMS"))
	rel, diags, err := release.Build(opts)
	if rel != nil && (len(diags) > 0 || format != "text") {
		if werr := writeReport(s.Out, format, text, diags, rel.Summary); werr != nil {
			return exit(ExitFailure, "writing the report: %v", werr)
		}
	}
	if err != nil {
		return buildError(err)
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
	if earlier != nil {
		printLine(out, replaced(rel, earlier, unreleased && opts.Previous == ""))
	}
	if !text.Quiet {
		fmt.Fprintf(out, "rows: %s\n", strings.Join(parts, ", "))
	}
	return nil
}

// buildOptions reads the build's flags and the dataset into release
// options, refusing a --dist inside the records or a --previous that is no
// release. unreleased is true when git says no tag releases the version
// (or the dataset is in no git repository); false when a tag does, or
// when that was not checked.
func buildOptions(c *cli.Context, s Streams, d *dataset) (opts release.Options, unreleased bool, err error) {
	dist := c.String("dist")
	if dist == "" {
		dist = displayPath(filepath.Join(d.root, "dist"))
	}
	if inside(dist, d.records) {
		return release.Options{}, false, usage("--dist %s is inside the records folder %s: a release there would be read as records; build into a folder outside it, such as dist", dist, d.records)
	}
	set, err := loadSchemas(c)
	if err != nil {
		return release.Options{}, false, err
	}
	version, err := releaseVersion(c.String("version"), d.root)
	if err != nil {
		return release.Options{}, false, err
	}
	created, findCreated, err := createdTime(s, d.root, d.records)
	if err != nil {
		return release.Options{}, false, err
	}
	prev := c.String("previous")
	if prev != "" {
		info, err := os.Stat(prev)
		if err != nil || !(info.IsDir() || changes.IsArchive(prev) && info.Mode().IsRegular()) {
			return release.Options{}, false, usage("--previous %s is not a release folder or archive", prev)
		}
	}
	vopts := validate.Options{Schemas: set, Jobs: c.Int("jobs"), Config: d.config, IsNew: newFiles(d.root)}
	released, checked, err := releasedAt(s, d.root, version, set, c.Bool("force"))
	if err != nil {
		return release.Options{}, false, err
	}
	return release.Options{
		Meta:     release.Meta{Dataset: d.config.Dataset, Version: version, Created: created, Tool: tool.Version},
		Records:  d.records,
		Dist:     dist,
		Previous: prev,
		Strict:   c.Bool("strict"),
		Validate: vopts,
		Findings: d.configFindings,
		Released: released,
		Force:    c.Bool("force"),
		// Found while the records are validated.
		FindCreated: findCreated,
	}, checked && released == nil, nil
}

// buildError turns a failed build into its exit code and message.
func buildError(err error) error {
	var rerr *release.ReleasedError
	var eerr *exitError
	switch {
	case errors.As(err, &eerr): // the release time could not be found
		return err
	case errors.Is(err, release.ErrFindings):
		return exit(ExitFindings, "no release built: fix the findings above")
	case errors.As(err, &rerr):
		return exit(ExitFindings, "%v", rerr)
	case errors.Is(err, validate.ErrNoRecords):
		return usage("%v", err)
	default:
		return exit(ExitFailure, "build: %v", err)
	}
}

// releasedAt returns the published release of version when the dataset's
// git repository holds the tag v<version>: the records and the dataset:
// section of dossier.yaml at that tag, for Build to hold the build to (a
// published version never changes). It returns nil when the dataset is in
// no git repository or the tag is missing. When git cannot read the
// repository, whether the version is released is unknown: the build stops
// (exit 3), unless forced, when it goes on with a warning. Build compares
// the tag's records with the very records it reads, whatever git makes
// of them (untracked, ignored or not), so no shortcut through git diff is
// taken.
func releasedAt(s Streams, root, version string, set *schemas.Set, force bool) (rel *release.Released, checked bool, err error) {
	tag := "v" + version
	ok, err := checkGit(root)
	var gf *gitFailure
	switch {
	case errors.As(err, &gf) && force:
		note(s.Err, "warning: %v; whether version %s is already released (a git tag %s) is not checked: building with --force as a local experiment, do not publish it", gf, version, tag)
		return nil, false, nil
	case errors.As(err, &gf):
		return nil, false, exit(ExitFailure, "%v; so whether version %s is already released (a git tag %s) cannot be told: %s and build again, or, for a local experiment only, set SOURCE_DATE_EPOCH and build with --force",
			gf, version, tag, gf.fix())
	case !ok:
		return nil, true, nil // in no repository: nothing is released from it
	}
	if _, err := git(root, "rev-parse", "--verify", "--quiet", "refs/tags/"+tag+"^{commit}"); err != nil {
		if notFound(err) {
			return nil, true, nil // no such tag
		}
		return nil, false, exit(ExitFailure, "git cannot look up the tag %s: %s", tag, oneLine(err.Error()))
	}
	at, err := recordsAt(root, config.RecordsFolder, tag)
	if err != nil {
		return nil, false, err
	}
	defer at.remove()
	from := "git tag " + tag
	if at.dir == "" {
		note(s.Err, "%s has no %s folder: it is not a release of these records, and is not checked", from, at.sub)
		return nil, false, nil
	}
	ds, _, err := validate.Load(at.dir, validate.Options{Schemas: set})
	if err != nil {
		return nil, false, exit(ExitFailure, "the records of %s: %v", from, err)
	}
	// dossier.yaml beside the records folder, at the tag; none is the
	// default dataset: section.
	conf := config.Default()
	file := path.Join(path.Dir(at.sub), config.File)
	if src, err := git(root, "show", tag+":"+file); err == nil {
		conf, _ = config.Parse(file, src, nil)
	}
	return &release.Released{From: from, Snapshot: changes.FromRecords(ds.Records), Dataset: conf.Dataset}, true, nil
}

// readSums reads the SHA256SUMS of an earlier build of the release folder
// about to be replaced: file name to checksum. It is nil when there is no
// such folder, and empty when the folder holds no readable SHA256SUMS.
func readSums(p string) map[string]string {
	if _, err := os.Stat(filepath.Dir(p)); err != nil {
		return nil
	}
	sums := map[string]string{}
	f, err := os.Open(p)
	if err != nil {
		return sums
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, 1<<20))
	for _, line := range strings.Split(string(b), "\n") {
		if sum, name, ok := strings.Cut(line, "  "); ok {
			sums[name] = sum
		}
	}
	return sums
}

// replaced says what a build changed of the earlier build it replaced:
// nothing (the same bytes), or how many of the files differ.
func replaced(rel *release.Release, earlier map[string]string, unreleased bool) string {
	names := map[string]bool{}
	changed := 0
	for _, f := range rel.Files {
		if f.Name == "SHA256SUMS" {
			continue
		}
		names[f.Name] = true
		if earlier[f.Name] != f.SHA256 {
			changed++
		}
	}
	for name := range earlier {
		if !names[name] {
			names[name] = true
			changed++ // a file the new build no longer has
		}
	}
	dir := filepath.ToSlash(rel.Dir) + "/"
	if changed == 0 {
		return "nothing changed: " + dir + " held the same bytes"
	}
	what := "an earlier build"
	if unreleased {
		what += " of the unreleased version " + rel.Version
	}
	return fmt.Sprintf("replaced %s, %s: %d of %d files changed", dir, what, changed, len(names))
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
// time of the newest commit that touched the records folder, else (no git,
// or no commit yet) the newest modification time in the records folder,
// said on stderr. The clock of the build is never used, so a rebuild of the
// same files gives the same bytes. Without SOURCE_DATE_EPOCH it returns
// the function that finds the time (repoTime), which the build runs while
// it validates the records: in a large dataset either way takes a while.
func createdTime(s Streams, root, records string) (time.Time, func() (time.Time, error), error) {
	epoch := s.Getenv("SOURCE_DATE_EPOCH")
	if epoch != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(epoch), 10, 64)
		if maxEpoch := release.LastCreated.Unix(); err != nil || n < 0 || n > maxEpoch || strings.ContainsAny(epoch, "+-") {
			return time.Time{}, nil, usage("SOURCE_DATE_EPOCH=%q is not a whole number of seconds since 1970 up to the end of year 9999 (0 to %d)", epoch, maxEpoch)
		}
		return time.Unix(n, 0).UTC(), nil, nil
	}
	return time.Time{}, func() (time.Time, error) { return repoTime(s, root, records) }, nil
}

// repoTime is the time of the newest commit that touched the records
// folder, else (no commit touches it, or the dataset is in no git
// repository) the newest modification time in it, said on stderr. When
// git cannot read the dataset's repository, the time is unknown: it fails
// (exit 3) rather than take the files' time for the commits'.
func repoTime(s Streams, root, records string) (time.Time, error) {
	ok, err := checkGit(root)
	if err != nil {
		var gf *gitFailure
		errors.As(err, &gf)
		return time.Time{}, exit(ExitFailure, "cannot tell when %s last changed: %v; %s, or set SOURCE_DATE_EPOCH to choose the release time", records, err, gf.fix())
	}
	why := records + " is in no git repository"
	if ok {
		text, err := lastCommit(root)
		if err != nil {
			return time.Time{}, exit(ExitFailure, "cannot tell when %s last changed: git log: %s; set SOURCE_DATE_EPOCH to choose the release time", records, oneLine(err.Error()))
		}
		if text != "" {
			n, err := strconv.ParseInt(text, 10, 64)
			if err != nil {
				return time.Time{}, exit(ExitFailure, "git log gave %q, not a time", text)
			}
			return time.Unix(n, 0).UTC(), nil
		}
		why = "no git commit touches " + records
	}
	t, newest, err := newestChange(filepath.Join(root, config.RecordsFolder))
	if err != nil {
		return time.Time{}, exit(ExitFailure, "cannot tell when %s last changed (%s): %v; set SOURCE_DATE_EPOCH", records, why, unwrap(err))
	}
	note(s.Err, "%s: the release time is %s, when %s was last modified (set SOURCE_DATE_EPOCH to choose it)",
		why, t.Format(time.RFC3339), displayPath(newest))
	return t, nil
}

// lastCommit is the time (Unix seconds, as text) of the newest commit
// that touched the records folder of the repository at root; "" when no
// commit does, or the repository has no commit yet.
func lastCommit(root string) (string, error) {
	if _, err := git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}"); err != nil {
		if notFound(err) {
			return "", nil // no commit yet
		}
		return "", err
	}
	out, err := git(root, "log", "-1", "--format=%ct", "--", config.RecordsFolder)
	return strings.TrimSpace(string(out)), err
}

// newestChange returns the modification time, to the second, of the
// newest record file (*.yaml) of the records folder, and its path (the
// first in walk order of those as new); in a folder with no record yet (a
// dataset just made), of the newest folder. The folders are walked first;
// the files, a hundred thousand in a large dataset, are then read on every
// core, which halves the time of this step on two.
func newestChange(records string) (time.Time, string, error) {
	var newestDir time.Time
	var dir string
	var files []string
	err := filepath.WalkDir(records, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if info, err := d.Info(); err == nil {
				if t := info.ModTime().UTC().Truncate(time.Second); dir == "" || t.After(newestDir) {
					newestDir, dir = t, p
				}
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".yaml") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return time.Time{}, "", err
	}
	if len(files) == 0 {
		return newestDir, dir, nil
	}
	times := make([]time.Time, len(files))
	errs := make([]error, len(files))
	parallel.For(len(files), 0, func(i int) {
		info, err := os.Lstat(files[i])
		if err != nil {
			errs[i] = err
			return
		}
		times[i] = info.ModTime().UTC().Truncate(time.Second)
	})
	newest := 0
	for i := range files {
		if errs[i] != nil {
			return time.Time{}, "", errs[i]
		}
		if times[i].After(times[newest]) {
			newest = i
		}
	}
	return times[newest], files[newest], nil
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
