package release

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"dossier/changes"
	"dossier/releasepage"
	"dossier/validate"
)

// Meta describes one release: what is built, which version, when.
type Meta struct {
	Config  Config
	Version string    // the release version: 0.1.0
	Created time.Time // when the records were last changed; never the clock of the build
	Tool    string    // the dossier version, written to Parquet created_by
}

func (m *Meta) createdText() string { return m.Created.UTC().Format(time.RFC3339) }

// Folder is the release folder's name: <dataset>-<version>.
func (m *Meta) Folder() string { return m.Config.Name + "-" + m.Version }

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
	Findings validate.List
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
	Summary validate.Summary
}

// TableCount is the number of rows of one table.
type TableCount struct {
	Table string
	Rows  int
}

// ErrLocked is returned when another build holds the lock on dist.
var ErrLocked = errors.New("another dossier build is writing to this folder")

// ErrFindings is returned with the findings when validation fails.
var ErrFindings = errors.New("the records have findings that fail the build")

// Build validates the records and, when they pass, compiles the release
// into Dist/<name>-<version>/ and its archive beside it. Findings are
// returned separately; the error is ErrFindings when they fail the build
// (nothing is written then, and the Release holds only the Summary), or a
// failure of the machine (the Release is nil). Whatever fails,
// the previous release is left as it was.
func Build(opts Options) (*Release, validate.List, error) {
	if opts.Version == "" {
		return nil, nil, fmt.Errorf("no release version")
	}
	if strings.ContainsAny(opts.Version, `/\`) || opts.Version == "." || opts.Version == ".." {
		return nil, nil, fmt.Errorf("release version %q must not contain a path separator", opts.Version)
	}
	if !nameRE.MatchString(opts.Config.Name) {
		return nil, nil, fmt.Errorf("dataset name %q must be lowercase letters, digits, '.', '_' or '-'", opts.Config.Name)
	}
	if opts.Created.IsZero() {
		return nil, nil, fmt.Errorf("no creation time: set SOURCE_DATE_EPOCH or Options.Created")
	}
	ds, diags, err := validate.Run(opts.Records, opts.Validate)
	if err != nil {
		return nil, nil, err
	}
	if len(opts.Findings) > 0 {
		diags = append(diags, opts.Findings...)
		diags.Sort()
	}
	sum := validate.NewSummary(ds, diags)
	if diags.Failed(opts.Strict) {
		return &Release{Summary: sum}, diags, ErrFindings
	}
	for _, r := range ds.Records {
		if !r.Valid {
			return nil, diags, fmt.Errorf("%s does not match its schema (a rule was switched off?); every record must be valid to build a release", r.File)
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
	removeLeftovers(opts.Dist, opts.Meta.Folder())
	rel, err := write(ds, opts)
	if err != nil {
		return nil, diags, err
	}
	rel.Summary = sum
	return rel, diags, nil
}

// write compiles ds into a temporary folder beside the target and swaps it
// into place.
func write(ds *validate.Dataset, opts Options) (_ *Release, err error) {
	create := opts.Create
	if create == nil {
		create = func(p string) (io.WriteCloser, error) { return os.Create(p) }
	}
	m := opts.Meta
	target := filepath.Join(opts.Dist, m.Folder())
	tmp, err := os.MkdirTemp(opts.Dist, "."+m.Folder()+".tmp-")
	if err != nil {
		return nil, err
	}
	archiveTmp := tmp + ".tar.gz"
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
			os.Remove(archiveTmp)
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
	files, err := writeKinds(create, tmp, kindGroups(data), page, passOptions{tool: m.Tool, spill: spill}, runtime.GOMAXPROCS(0))
	if err != nil {
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
		return nil, err
	}
	var ch *changes.Report
	if opts.Previous != "" {
		if ch, err = compareWith(opts.Previous, &m, data); err != nil {
			return nil, fmt.Errorf("comparing with the previous release: %w", err)
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
		return releasepage.RenderFS(w, os.DirFS(tmp), releasepage.Options{Schemas: ds.Schemas, Citation: strings.TrimSpace(m.Config.Citation),
			Written: written, Digest: digest})
	}); err != nil {
		return nil, err
	}
	sort.Slice(rel.Files, func(i, j int) bool { return rel.Files[i].Name < rel.Files[j].Name })
	sums := append([]File(nil), rel.Files...)
	if err := put("SHA256SUMS", func(w io.Writer) error { return writeSums(w, sums) }); err != nil {
		return nil, err
	}
	sort.Slice(rel.Files, func(i, j int) bool { return rel.Files[i].Name < rel.Files[j].Name })
	if err := writeArchive(create, archiveTmp, tmp, m.Folder(), rel.Files, m.Created); err != nil {
		return nil, fmt.Errorf("writing the archive: %w", err)
	}
	if err := swap(tmp, target); err != nil {
		return nil, err
	}
	if err := os.Rename(archiveTmp, rel.Archive); err != nil {
		return nil, err
	}
	return rel, nil
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

// removeLeftovers deletes the temporary folders and archives that a build
// of the same release killed halfway left in dist. Only a build holding the
// lock calls it, so none of them is being written.
func removeLeftovers(dist, folder string) {
	matches, _ := filepath.Glob(filepath.Join(dist, "."+folder+".tmp-*"))
	for _, m := range matches {
		os.RemoveAll(m)
	}
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
