package release

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/datapackage"
	"github.com/dossier-data/dossier/internal/writeback"
	"github.com/dossier-data/dossier/releasepage"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/report"
)

// Meta describes one release: what is built, which version, when.
type Meta struct {
	Dataset config.Dataset // what dossier.yaml says of the dataset
	Version string         // the release version: 0.1.0
	Created time.Time      // when the records were last changed; never the clock of the build
	Tool    string         // the dossier version, written to Parquet created_by
}

func (m *Meta) createdText() string { return m.Created.UTC().Format(time.RFC3339) }

// Folder is the release folder's name: <dataset>-<version>.
func (m *Meta) Folder() string { return m.Dataset.Name + "-" + m.Version }

// Options configure Build.
type Options struct {
	Meta
	Records  string // the records folder
	Dist     string // where releases go: dist
	Previous string // a previous release folder to list changes against; "" for none
	Strict   bool   // warnings fail the build too
	Validate validate.Options
	// Findings found before the build, such as those of dossier.yaml; they
	// are reported and counted with the records' findings.
	Findings diag.List
	// Released is the published release of this version, when it is
	// known (a git tag of the version): Build refuses records that differ
	// from it (ReleasedError), unless Force. A Previous release of the same
	// version is held to the same rule.
	Released *Released
	// Force builds a released version from records that differ from its
	// release, for a local experiment; Release.Warnings says so.
	Force bool
	// FindCreated, when not nil, finds the creation time (Meta.Created,
	// then zero) while the records are validated: dossier build asks git,
	// or reads the modification time of every record file. Its error, when
	// it fails, is the build's.
	FindCreated func() (time.Time, error)
	// Create opens a release file for writing; nil means os.Create. Tests
	// inject one that fails to check that a failed build leaves the
	// previous release untouched.
	Create func(path string) (io.WriteCloser, error)
}

// File is one file of a release, as written.
type File struct {
	Name   string // slash-separated, relative to the release folder
	Bytes  int64
	SHA256 string // lowercase hex
}

// Release is what Build made.
type Release struct {
	Meta
	Dir     string // dist/<dataset>-<version>
	Archive string // dist/<dataset>-<version>.tar.gz
	Files   []File // every file of the folder, sorted by name
	Counts  []TableCount
	// Summary counts the records read and the findings; with ErrFindings it
	// is the only field set.
	Summary report.Summary
	// Warnings are what the build did not manage and the user should see,
	// one sentence each: folders of earlier builds left in dist because
	// they could not be removed.
	Warnings []string
}

// TableCount is the number of rows of one table.
type TableCount struct {
	Table string
	Rows  int
}

// ErrLocked is returned when another build holds the lock on dist.
var ErrLocked = errors.New("another dossier build is writing to this folder")

var errNoCreated = errors.New("no creation time: set SOURCE_DATE_EPOCH or Options.Created")

// LastCreated is the latest release time: RFC 3339, in which a release
// writes it (datapackage.json, the release page), has four-digit years.
var LastCreated = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

// checkCreated refuses a release time that RFC 3339 cannot hold: a year
// before 0000 or after LastCreated, from a commit's date or a file's time.
func checkCreated(t time.Time) error {
	if t.UTC().Year() < 0 || t.After(LastCreated) {
		return fmt.Errorf("the release time, %d seconds since 1970, is not within the years 0000 to 9999: set SOURCE_DATE_EPOCH", t.Unix())
	}
	return nil
}

// ErrFindings is returned with the findings when validation fails.
var ErrFindings = errors.New("the records have findings that fail the build")

// Build validates the records and, when they pass, compiles the release
// into Dist/<name>-<version>/ and its archive beside it. Findings are
// returned separately; the error is ErrFindings when they fail the build
// (nothing is written then, and the Release holds only the Summary), a
// *ReleasedError when the version is released and the records differ from
// it (nothing is written), or a failure of the machine (the Release is
// nil). Whatever fails, the previous release is left as it was.
func Build(opts Options) (*Release, diag.List, error) {
	if opts.Version == "" {
		return nil, nil, fmt.Errorf("no release version")
	}
	if strings.ContainsAny(opts.Version, `/\`) || opts.Version == "." || opts.Version == ".." {
		return nil, nil, fmt.Errorf("release version %q must not contain a path separator", opts.Version)
	}
	if !config.ValidName(opts.Dataset.Name) {
		return nil, nil, fmt.Errorf("dataset name %q must be at most %d lowercase letters, digits, '.', '_' or '-'", opts.Dataset.Name, config.MaxName)
	}
	if opts.Created.IsZero() && opts.FindCreated == nil {
		return nil, nil, errNoCreated
	}
	var created chan error
	if opts.FindCreated != nil {
		created = make(chan error, 1)
		go func() {
			var err error
			opts.Created, err = opts.FindCreated()
			created <- err
		}()
	}
	ds, diags, err := validate.Run(opts.Records, opts.Validate)
	if created != nil {
		if err := <-created; err != nil {
			return nil, nil, err
		}
		if opts.Created.IsZero() {
			return nil, nil, errNoCreated
		}
	}
	if err := checkCreated(opts.Created); err != nil {
		return nil, nil, err
	}
	if err != nil {
		return nil, nil, err
	}
	if len(opts.Findings) > 0 {
		diags = append(diags, opts.Findings...)
		diags.Sort()
	}
	sum := validate.Summarize(ds, diags)
	if diags.Failed(opts.Strict) {
		return &Release{Summary: sum}, diags, ErrFindings
	}
	for _, r := range ds.Records {
		if !r.Valid {
			return nil, diags, fmt.Errorf("%s does not match its schema (a rule was switched off?); every record must be valid to build a release", r.File)
		}
	}
	var warnings []string
	if opts.Released != nil {
		cur := changes.FromRecords(ds.Records)
		w, err := checkReleased(opts.Version, opts.Released.From, changes.Compare(opts.Released.Snapshot, cur),
			datasetChanges(opts.Released.Dataset, opts.Dataset), opts.Force)
		if err != nil {
			return &Release{Summary: sum}, diags, err
		}
		if w != "" {
			warnings = append(warnings, w)
		}
	}
	if err := os.MkdirAll(opts.Dist, 0o755); err != nil {
		return nil, diags, err
	}
	unlock, err := lock(opts.Dist)
	if err != nil {
		return nil, diags, err
	}
	defer unlock()
	left, err := recoverRelease(opts.Dist, opts.Meta.Folder())
	warnings = append(warnings, left...)
	if err != nil {
		return nil, diags, fmt.Errorf("completing an interrupted build in %s: %w", opts.Dist, err)
	}
	if opts.Previous != "" {
		// The lock on dist is held already: a previous release there is
		// recovered under it, one elsewhere under the lock of its own dist.
		prev := releaseFolder(opts.Previous)
		if sameDir(filepath.Dir(prev), opts.Dist) {
			left, err := recoverRelease(opts.Dist, filepath.Base(prev))
			warnings = append(warnings, left...)
			if err != nil {
				return nil, diags, fmt.Errorf("completing the release %s: %w", opts.Previous, err)
			}
		} else if err := Recover(opts.Previous); err != nil {
			return nil, diags, err
		}
	}
	if err := checkArchivePlace(filepath.Join(opts.Dist, opts.Meta.Folder()) + ".tar.gz"); err != nil {
		return nil, diags, err
	}
	rel, err := write(ds, opts)
	if err != nil {
		return nil, diags, err
	}
	rel.Summary = sum
	rel.Warnings = append(warnings, rel.Warnings...)
	return rel, diags, nil
}

// write compiles ds into a temporary folder beside the target and
// publishes it (publish).
func write(ds *validate.Dataset, opts Options) (_ *Release, err error) {
	create := opts.Create
	if create == nil {
		create = func(p string) (io.WriteCloser, error) { return os.Create(p) }
	}
	create = syncing(create)
	m := opts.Meta
	target := filepath.Join(opts.Dist, m.Folder())
	tmp, err := os.MkdirTemp(opts.Dist, "."+m.Folder()+leftover)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp) // the new folder, or after the swap the previous one
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	tables := Tables(ds.Schemas)
	data, err := compile(tables, ds)
	if err != nil {
		return nil, err
	}
	rel := &Release{Meta: m, Dir: target, Archive: target + ".tar.gz"}
	put := func(name string, fill func(io.Writer) error) error {
		f, err := writeFile(create, tmp, name, fill)
		if err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
		rel.Files = append(rel.Files, f)
		return nil
	}
	// The files of one kind are written by one pass over its records
	// (pass.go); the kinds are written on every core at once, and their
	// files listed in the order of the tables whichever finishes first.
	// The release page shows the records of dataset.json; each kind's
	// pass digests the page's rows as it writes the lines (pagedata.go),
	// so that the page need not read dataset.json again, nor hold it.
	digest := releasepage.NewDigest()
	page := func(d *Data) pageFill { return pageDigest(digest, d.Name) }
	// The Parquet writers' temporary files go beside the folder, not in it.
	spill := tmp + ".pages"
	if err := os.Mkdir(spill, 0o700); err != nil {
		return nil, err
	}
	defer os.RemoveAll(spill)
	// The SQLite database is written by a pass of its own, beside the
	// others, into the spill folder; once done, the same goroutine copies
	// it into the release, while dataset.json is written.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type dbResult struct {
		file File
		err  error
	}
	dbDone := make(chan dbResult, 1)
	dbData := copyData(data)
	go func() {
		dbPath := filepath.Join(spill, "release.sqlite")
		err := writeSQLite(ctx, dbPath, dbData)
		if err == nil {
			err = ctx.Err() // the other files failed: no copy
		}
		if err != nil {
			dbDone <- dbResult{err: fmt.Errorf("writing %s: %w", sqliteFile(&m), err)}
			return
		}
		f, err := writeFile(create, tmp, sqliteFile(&m), func(w io.Writer) error { return copyFile(w, dbPath) })
		if err != nil {
			err = fmt.Errorf("writing %s: %w", sqliteFile(&m), err)
		}
		dbDone <- dbResult{f, err}
	}()
	files, err := writeKinds(create, tmp, kindGroups(data), page, passOptions{tool: m.Tool, spill: spill}, kindWorkers(runtime.GOMAXPROCS(0)))
	if err != nil {
		cancel()
		<-dbDone
		return nil, err
	}
	for _, d := range data {
		rel.Counts = append(rel.Counts, TableCount{d.Name, d.Count})
	}
	rel.Files = append(rel.Files, files...)
	// dataset.json holds the lines of the JSON Lines files: copied from
	// them rather than encoded again.
	if err := put("dataset.json", func(w io.Writer) error {
		return writeDatasetJSONFrom(w, &m, data, func(table string) (io.ReadCloser, error) {
			return os.Open(filepath.Join(tmp, table+".jsonl"))
		})
	}); err != nil {
		cancel()
		<-dbDone
		return nil, err
	}
	db := <-dbDone
	if db.err != nil {
		return nil, db.err
	}
	rel.Files = append(rel.Files, db.file)
	var ch *changes.Report
	if opts.Previous != "" {
		var prev *datapackage.Package
		if ch, prev, err = compareWith(opts.Previous, &m, data, ds.Schemas); err != nil {
			return nil, fmt.Errorf("comparing with the previous release: %w", err)
		}
		if ch.Old == m.Folder() { // a release of this very version
			var dataset []string
			if prev != nil {
				cur := packageHeader(&m, ds)
				dataset = datasetChanges(packageDataset(prev), packageDataset(&cur))
			}
			w, err := checkReleased(m.Version, "--previous "+opts.Previous, ch, dataset, opts.Force)
			if err != nil {
				return nil, err
			}
			if w != "" {
				rel.Warnings = append(rel.Warnings, w)
			}
		}
		if err := put("CHANGELOG.md", func(w io.Writer) error { return writeChangelog(w, &m, ch) }); err != nil {
			return nil, err
		}
		if err := put("changes.jsonl", func(w io.Writer) error { return writeChangesJSONL(w, ch) }); err != nil {
			return nil, err
		}
	}
	dataFiles := append([]File(nil), rel.Files...)
	if err := put("datapackage.json", func(w io.Writer) error { return writeDataPackage(w, &m, data, dataFiles, ds) }); err != nil {
		return nil, err
	}
	if err := put("README.md", func(w io.Writer) error { return writeReadme(w, &m, data, ch) }); err != nil {
		return nil, err
	}
	// The release page reads the files written so far; it cannot list its
	// own checksum, so it comes after them and before SHA256SUMS.
	written := pageFiles(rel.Files, data)
	if err := put(releasepage.PageFile, func(w io.Writer) error {
		return releasepage.RenderFS(w, os.DirFS(tmp), releasepage.Options{Schemas: ds.Schemas, Citation: strings.TrimSpace(m.Dataset.Citation),
			Written: written, Digest: digest, Queries: pageQueries(&m)})
	}); err != nil {
		return nil, err
	}
	sort.Slice(rel.Files, func(i, j int) bool { return rel.Files[i].Name < rel.Files[j].Name })
	sums := append([]File(nil), rel.Files...)
	if err := put("SHA256SUMS", func(w io.Writer) error { return writeSums(w, sums) }); err != nil {
		return nil, err
	}
	sort.Slice(rel.Files, func(i, j int) bool { return rel.Files[i].Name < rel.Files[j].Name })
	if err := writeArchive(create, filepath.Join(tmp, pendingArchive), tmp, m.Folder(), rel.Files, m.Created); err != nil {
		return nil, fmt.Errorf("writing the archive: %w", err)
	}
	left, err := publish(tmp, target, rel.Archive)
	if err != nil {
		return nil, err
	}
	if left != "" {
		rel.Warnings = append(rel.Warnings, left)
	}
	return rel, nil
}

// kindWorkers is how many kinds are written at once on cores cores. The
// SQLite pass (rows, then the search index and ANALYZE) is the longest
// chain of the build and the page waits for it: it keeps a core of its
// own, and the kinds share the others. Sharing every core three ways
// instead left the database to finish alone on one core, on 2 cores.
func kindWorkers(cores int) int { return max(1, cores-1) }

// sameDir reports whether a and b are the same folder.
func sameDir(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}

// pendingArchive is the name of a release's archive inside its folder
// until it is published beside it: see publish.
const pendingArchive = ".archive-pending.tar.gz"

// leftover marks the temporary folders of a build in dist:
// .<folder>.tmp-<random>, and .<folder>.tmp-<random>.old for the previous
// release moved aside by swapByRename.
const leftover = ".tmp-"

// swapFolder puts a folder in place of another (swap); the tests set it to
// swapByRename to kill a build between its two renames.
var swapFolder = swap

// publishStep is called between the steps of publish, with the name of the
// step just done: "written", "moved-aside" (swapByRename only), "swapped",
// "published". It does nothing; the tests make it kill the process there.
var publishStep = func(step string) {}

// publish puts the folder tmp, written in full with the release's archive
// inside it as pendingArchive, in place of the folder target, and the
// archive in place of the file archive. Every file of tmp was synced as it
// was closed (syncing); tmp itself is synced here, then:
//
//  1. tmp and target are swapped in one atomic rename (swap), and dist is
//     synced: target is the new folder, the archive beside it still the
//     previous release's, and the new archive waits in target.
//  2. target/pendingArchive is renamed to archive, replacing the previous
//     one, and both folders are synced: the release is published.
//  3. The previous release's folder is removed.
//
// A build killed before step 1 leaves the previous release as it was; one
// killed after it leaves the new folder holding pendingArchive, which
// says that the archive beside it is stale and that pendingArchive is the
// folder's own: it was written from the folder's files before the folder
// was put in place, and nothing else ever writes into a published folder.
// recoverRelease, run by the next build of the release before anything else,
// finishes step 2.
// Whatever the instant of the kill, a build then sees either the whole
// previous release or the whole new one. When the previous release's
// folder cannot be removed in step 3, the release is published all the
// same, and publish returns a warning naming the folder.
func publish(tmp, target, archive string) (warning string, err error) {
	if err := syncDir(tmp); err != nil {
		return "", err
	}
	publishStep("written")
	dist := filepath.Dir(target)
	old, err := swapFolder(tmp, target)
	if err != nil {
		return "", err
	}
	if err := syncDir(dist); err != nil {
		return "", err
	}
	publishStep("swapped")
	if err := publishArchive(target, archive); err != nil {
		return "", err
	}
	publishStep("published")
	if old != "" {
		return removeOld(old), nil // if it stays, the next build tries again (a leftover)
	}
	return "", nil
}

// removeAll removes a folder and what it holds; the tests make it fail.
var removeAll = os.RemoveAll

// removeOld removes a folder of dist that no release needs any more: the
// previous release swapped out, or what a killed build left. When it
// cannot, it returns a warning that names the folder and what to do.
func removeOld(dir string) string {
	err := removeAll(dir)
	if err == nil {
		return ""
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Sprintf("%s could not be removed (%v): it is a folder of an earlier build that no release needs; remove it by hand", dir, err)
}

// checkArchivePlace refuses a build whose archive cannot be published: a
// folder where the archive goes would make the rename of publish's step 2
// fail after the new folder was swapped in, leaving it beside the
// previous archive. Checked before anything is written, it leaves dist as
// it was. Anything else there (a file, a link) the rename replaces.
func checkArchivePlace(archive string) error {
	if info, err := os.Lstat(archive); err == nil && info.IsDir() {
		return fmt.Errorf("%s is a folder, and the release's archive goes there: move or remove it, and build again", archive)
	}
	return nil
}

// publishArchive renames dir/pendingArchive to archive, in dir's parent,
// and syncs both folders.
func publishArchive(dir, archive string) error {
	if err := os.Rename(filepath.Join(dir, pendingArchive), archive); err != nil {
		return err
	}
	if err := syncDir(filepath.Dir(archive)); err != nil {
		return err
	}
	return syncDir(dir)
}

// recoverRelease finishes in dist what a killed build of the release
// folder left halfway, so that the release is whole, folder and archive:
// the previous release moved aside by swapByRename with no folder in its
// place is moved back, an archive left pending in the folder is published
// (publish, step 2), and the leftovers of killed builds of that folder are
// removed (removeLeftovers). Nothing else in dist is touched: it may hold
// the user's own files. Only a build holding the lock on dist calls it, so
// no build is writing there. It returns a warning for each leftover it
// could not remove.
func recoverRelease(dist, folder string) ([]string, error) {
	entries, err := os.ReadDir(dist)
	if err != nil {
		return nil, err
	}
	target := filepath.Join(dist, folder)
	for _, e := range entries {
		if f, suffix, ok := leftoverOf(e.Name()); !ok || f != folder || suffix != ".old" || !e.IsDir() {
			continue
		}
		if _, err := os.Lstat(target); !errors.Is(err, fs.ErrNotExist) {
			break // the new folder took its place: a leftover
		}
		if err := os.Rename(filepath.Join(dist, e.Name()), target); err != nil {
			return nil, err
		}
		if err := syncDir(dist); err != nil {
			return nil, err
		}
	}
	if info, err := os.Lstat(filepath.Join(target, pendingArchive)); err == nil && info.Mode().IsRegular() {
		if err := publishArchive(target, target+".tar.gz"); err != nil {
			return nil, err
		}
	}
	return removeLeftovers(dist, folder), nil
}

// leftoverOf tells whether name is a temporary folder that a build makes
// in dist, and of which release folder: .<folder>.tmp-<digits> as
// os.MkdirTemp names it, with suffix "" (the new folder), ".old" (the
// previous release moved aside by swapByRename), ".pages" (the spill
// folder of the Parquet writers) or ".tar.gz" (the archive, which earlier
// versions wrote beside the folder). Any other name is not dossier's.
func leftoverOf(name string) (folder, suffix string, ok bool) {
	i := strings.LastIndex(name, leftover)
	if i < 2 || name[0] != '.' {
		return "", "", false
	}
	folder, random := name[1:i], name[i+len(leftover):]
	for _, s := range []string{".old", ".pages", ".tar.gz"} {
		if r, ok := strings.CutSuffix(random, s); ok {
			random, suffix = r, s
			break
		}
	}
	if random == "" || strings.Trim(random, "0123456789") != "" {
		return "", "", false
	}
	return folder, suffix, true
}

// Recover makes the release at path, a release folder or its archive,
// whole when a killed build left it half published (halfPublished). It then takes the lock on the folder's dist and
// recovers that release alone (recoverRelease); otherwise it does nothing
// and writes nothing. Build calls it for the previous release it names.
func Recover(path string) error {
	folder := releaseFolder(path)
	if !halfPublished(folder) {
		return nil
	}
	dist := filepath.Dir(folder)
	unlock, err := lock(dist)
	if err != nil {
		return fmt.Errorf("the release %s was not published whole: %w", path, err)
	}
	defer unlock()
	if _, err := recoverRelease(dist, filepath.Base(folder)); err != nil {
		return fmt.Errorf("completing the release %s: %w", path, err)
	}
	return nil
}

// halfPublished reports whether a killed build left the release folder
// half published: the folder still holds its archive as pendingArchive (the
// archive beside it is the previous release's), or the folder is missing
// and the previous release was moved aside (swapByRename).
func halfPublished(folder string) bool {
	if _, err := os.Lstat(filepath.Join(folder, pendingArchive)); err == nil {
		return true
	}
	if _, err := os.Lstat(folder); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	entries, _ := os.ReadDir(filepath.Dir(folder))
	for _, e := range entries {
		if f, suffix, ok := leftoverOf(e.Name()); ok && f == filepath.Base(folder) && suffix == ".old" {
			return true
		}
	}
	return false
}

// ReadPath gives the path to read the release at path from, writing
// nothing: path itself, or, when path is the archive of a release that a
// killed build left half published (Recover), the release's folder, which
// is whole where the archive beside it is stale. dossier diff reads
// releases through it.
func ReadPath(path string) string {
	if !changes.IsArchive(path) {
		return path
	}
	folder := releaseFolder(path)
	if info, err := os.Lstat(filepath.Join(folder, pendingArchive)); err == nil && info.Mode().IsRegular() {
		return folder
	}
	return path
}

// releaseFolder is the folder of the release at path, a folder or its
// archive.
func releaseFolder(path string) string {
	path = filepath.Clean(path)
	if changes.IsArchive(path) {
		return strings.TrimSuffix(strings.TrimSuffix(path, ".tgz"), ".tar.gz")
	}
	return path
}

// pageFiles gives the release page the files written so far with their
// checksums and data rows, so that it need not read them again: the rows
// of a table's CSV file and of a kind table's JSON Lines file are its rows;
// files that are neither CSV nor JSON Lines have none (-1). Other CSV and
// JSON Lines files (changes.jsonl) are left for the page to count.
func pageFiles(files []File, data []*Data) []releasepage.File {
	rows := map[string]int{}
	for _, d := range data {
		rows[d.Name+".csv"] = d.Count
		if !d.Link() {
			rows[d.Name+".jsonl"] = d.Count
		}
	}
	var out []releasepage.File
	for _, f := range files {
		n, ok := rows[f.Name]
		if !ok {
			if ext := path.Ext(f.Name); ext == ".csv" || ext == ".jsonl" {
				continue
			}
			n = -1
		}
		out = append(out, releasepage.File{Path: f.Name, Bytes: f.Bytes, SHA256: f.SHA256, Rows: n})
	}
	return out
}

// removeLeftovers deletes the temporary folders that builds of the release
// folder killed halfway left in dist, after recoverRelease has moved back
// what it needs, and those of previous releases that could not be removed
// then: exactly the names leftoverOf gives to folder, nothing else. Only a
// build holding the lock calls it, so none of them is being written. It
// returns a warning for each it could not remove.
func removeLeftovers(dist, folder string) []string {
	var warnings []string
	entries, _ := os.ReadDir(dist)
	for _, e := range entries {
		if f, suffix, ok := leftoverOf(e.Name()); !ok || f != folder || e.IsDir() == (suffix == ".tar.gz") {
			continue
		}
		if w := removeOld(filepath.Join(dist, e.Name())); w != "" {
			warnings = append(warnings, w)
		}
	}
	return warnings
}

// syncing wraps create so that each file it opens is synced to the disk
// as it is closed (when it can be: an *os.File can): the release's files
// are on the disk before the folder is put in place, and a power loss
// cannot leave a published release with empty or partial files. The files
// are closed by the writers that fill them, on every core at once.
func syncing(create func(string) (io.WriteCloser, error)) func(string) (io.WriteCloser, error) {
	return func(p string) (io.WriteCloser, error) {
		f, err := create(p)
		if err != nil {
			return nil, err
		}
		if s, ok := f.(syncer); ok {
			sc := &syncCloser{WriteCloser: f, s: s}
			sc.os, _ = f.(*os.File)
			return sc, nil
		}
		return f, nil
	}
}

type syncer interface{ Sync() error }

// syncCloser syncs its file as it is closed. Of an *os.File it asks the
// disk to start writing each writebackStep bytes as they are written
// (startWriteback), so that the sync at the end, which waits, has little
// left to write: a 100 MB file took 0.1-0.2 s to sync at its close.
type syncCloser struct {
	io.WriteCloser
	s       syncer
	os      *os.File
	written int64 // bytes written
	started int64 // bytes whose writing to the disk has started
}

// startWriteback starts writing a range of a file to the disk; the tests
// replace it.
var startWriteback = writeback.Start

// writebackStep is how many written bytes start writing to the disk at once.
const writebackStep = 8 << 20

func (f *syncCloser) Write(p []byte) (int, error) {
	n, err := f.WriteCloser.Write(p)
	f.written += int64(n)
	if f.os != nil && f.written-f.started >= writebackStep {
		startWriteback(f.os, f.started, f.written-f.started)
		f.started = f.written
	}
	return n, err
}

func (f *syncCloser) Close() error {
	err := f.s.Sync()
	if cerr := f.WriteCloser.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeFile creates dir/name, fills it and returns its size and hash.
func writeFile(create func(string) (io.WriteCloser, error), dir, name string, fill func(io.Writer) error) (File, error) {
	f, err := create(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		return File{}, err
	}
	h := &hashCounter{h: sha256.New()}
	if err := fill(io.MultiWriter(f, h)); err != nil {
		f.Close()
		return File{}, err
	}
	if err := f.Close(); err != nil {
		return File{}, err
	}
	return File{Name: name, Bytes: h.n, SHA256: hex.EncodeToString(h.h.Sum(nil))}, nil
}

type hashCounter struct {
	h hash.Hash
	n int64
}

func (c *hashCounter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.h.Write(p)
}

// copyFile copies the file at path to w.
func copyFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// writeSums writes SHA256SUMS in the format sha256sum -c reads: the hash,
// two spaces, the file name.
func writeSums(w io.Writer, files []File) error {
	var b strings.Builder
	for _, f := range files {
		fmt.Fprintf(&b, "%s  %s\n", f.SHA256, f.Name)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
