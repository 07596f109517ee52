package releasepage

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/dossier-data/dossier/datapackage"
)

// PageFile is the name of the release page inside the release folder.
const PageFile = "index.html"

// Citation says where a fact is stated: a source and the place in it.
type Citation struct {
	Source  string `json:"source"`
	Locator string `json:"locator"`
}

// Withdrawn says why a record was withdrawn and what replaces it.
type Withdrawn struct {
	Reason    string `json:"reason"`
	Successor string `json:"successor"`
}

// Record holds the fields every kind shares.
type Record struct {
	ID        string     `json:"id"`
	Status    string     `json:"status"`
	Withdrawn *Withdrawn `json:"withdrawn"`
	Notes     string     `json:"notes"`
	Sources   []Citation `json:"sources"`
}

// Event is a row of the events table.
type Event struct {
	Record
	Title   string   `json:"title"`
	Summary string   `json:"summary"`
	Date    string   `json:"date"`
	Places  []string `json:"places"`
	Actors  []string `json:"actors"`
	Follows []string `json:"follows"`
	Tags    []string `json:"tags"`
}

// Quote is a row of the quotes table.
type Quote struct {
	Record
	Speaker    string   `json:"speaker"`
	Role       string   `json:"role"`
	Date       string   `json:"date"`
	Text       string   `json:"text"`
	Language   string   `json:"language"`
	Mode       string   `json:"mode"`
	AppearedIn string   `json:"appeared_in"`
	About      []string `json:"about"`
}

// Figure is a row of the figures table. Numbers keep the text the release
// wrote them with.
type Figure struct {
	Record
	Measure      string       `json:"measure"`
	Type         string       `json:"type"`
	Value        *json.Number `json:"value"`
	Bound        string       `json:"bound"`
	Low          *json.Number `json:"low"`
	Best         *json.Number `json:"best"`
	High         *json.Number `json:"high"`
	Unit         string       `json:"unit"`
	Wording      string       `json:"wording"`
	Derived      string       `json:"derived"`
	Date         string       `json:"date"`
	Event        string       `json:"event"`
	Place        string       `json:"place"`
	Actor        string       `json:"actor"`
	PartOf       string       `json:"part_of"`
	Disputed     bool         `json:"disputed"`
	SupersededBy string       `json:"superseded_by"`
}

// Actor is a row of the actors table.
type Actor struct {
	Record
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Aliases []string `json:"aliases"`
	Roles   []Role   `json:"roles"`
	Summary string   `json:"summary"`
}

// Role is a position an actor held.
type Role struct {
	Title        string `json:"title"`
	Organization string `json:"organization"`
	StartDate    string `json:"start_date"`
	EndDate      string `json:"end_date"`
}

// Place is a row of the places table.
type Place struct {
	Record
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	Aliases     []string `json:"aliases"`
	Within      string   `json:"within"`
	Coordinates *struct {
		Lat json.Number `json:"lat"`
		Lon json.Number `json:"lon"`
	} `json:"coordinates"`
	Summary string `json:"summary"`
}

// Source is a row of the sources table.
type Source struct {
	Record
	Title        string   `json:"title"`
	Kind         string   `json:"kind"`
	Authors      []string `json:"authors"`
	AuthorActors []string `json:"author_actors"`
	Publisher    string   `json:"publisher"`
	URL          string   `json:"url"`
	Published    string   `json:"published"`
	Language     string   `json:"language"`
	Translation  *struct {
		Translator       string `json:"translator"`
		OriginalLanguage string `json:"original_language"`
	} `json:"translation"`
	CitedIn string `json:"cited_in"`
	Summary string `json:"summary"`
}

// Dataset is every table of dataset.json, each sorted by ID.
type Dataset struct {
	Events  []Event  `json:"events"`
	Quotes  []Quote  `json:"quotes"`
	Figures []Figure `json:"figures"`
	Actors  []Actor  `json:"actors"`
	Places  []Place  `json:"places"`
	Sources []Source `json:"sources"`
}

// File is one file of the release folder as the downloads list shows it.
type File struct {
	Path      string // slash-separated, relative to the release folder
	Bytes     int64
	SHA256    string // lowercase hex
	Format    string // from the descriptor, else from the extension
	Mediatype string // from the descriptor; "" when it does not say
	Title     string // what the file is, from the descriptor when it says
	Rows      int    // data rows of a CSV (less the header) or JSON Lines file; -1 for other files
}

// Release is what the page is made from: the files of one release folder.
type Release struct {
	Package   datapackage.Package
	Dataset   Dataset
	Changelog []byte // CHANGELOG.md; nil when the release has none
	Files     []File // every file of the folder but the page itself, sorted by path
	// digest, when not nil, stands for Dataset, which is then empty: the
	// page is built from it (Options.Digest).
	digest *Digest
}

// read loads a release folder; fsys is rooted at the folder. It takes the
// size, checksum and rows of the files in written (by path) instead of
// reading them again, when a file's size agrees, and the tables of
// dataset.json from their digest g, when not nil (the file must still be
// there). It fails when dataset.json or datapackage.json is missing or
// malformed, or when a resource's bytes or hash disagrees with its file.
func read(fsys fs.FS, written []File, g *Digest) (*Release, error) {
	r := &Release{}
	b, err := fs.ReadFile(fsys, datapackage.File)
	if err != nil {
		return nil, err
	}
	pkg, err := datapackage.Read(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", datapackage.File, err)
	}
	r.Package = *pkg
	if g != nil {
		if _, err := fs.Stat(fsys, "dataset.json"); err != nil {
			return nil, err
		}
		r.digest = g
	} else {
		b, err := fs.ReadFile(fsys, "dataset.json")
		if err != nil {
			return nil, err
		}
		if err := decodeDataset(b, &r.Dataset); err != nil {
			return nil, fmt.Errorf("dataset.json: %w", err)
		}
	}
	r.Changelog, err = fs.ReadFile(fsys, "CHANGELOG.md")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if r.Files, err = listFiles(fsys, r.Package.Resources, written); err != nil {
		return nil, err
	}
	return r, nil
}

// decodeDataset reads dataset.json: an object with the tables at its top,
// or under "tables" (the layout may carry metadata beside the tables).
// The tables are decoded at the same time, one goroutine each; a key that
// appears twice takes its last value, as with one json.Unmarshal.
func decodeDataset(b []byte, d *Dataset) error {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil { // refuses data after the document too
		return err
	}
	if t, ok := top["tables"]; ok {
		top = nil
		if err := json.Unmarshal(t, &top); err != nil {
			// Not an object of tables: let json.Unmarshal say why.
			return json.Unmarshal(t, d)
		}
	}
	tables := []struct {
		name string
		into any
	}{{"events", &d.Events}, {"quotes", &d.Quotes}, {"figures", &d.Figures}, {"actors", &d.Actors}, {"places", &d.Places}, {"sources", &d.Sources}}
	errs := make([]error, len(tables))
	var wg sync.WaitGroup
	for i, t := range tables {
		raw, ok := top[t.name]
		if !ok {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := json.Unmarshal(raw, t.into); err != nil {
				errs[i] = fmt.Errorf("%s: %w", t.name, err)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// listFiles walks the folder, hashes every file and checks each resource of
// the descriptor against its file. A file in written whose size agrees is
// taken as written (its checksum and rows) instead of being read again.
func listFiles(fsys fs.FS, resources []datapackage.Resource, written []File) ([]File, error) {
	byPath := map[string]datapackage.Resource{}
	for _, res := range resources {
		byPath[string(res.Path)] = res
	}
	known := map[string]File{}
	for _, f := range written {
		known[f.Path] = f
	}
	var files []File
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || p == PageFile {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file", p)
		}
		k, isKnown := known[p]
		if isKnown {
			info, err := d.Info()
			if err != nil {
				return err
			}
			isKnown = info.Size() == k.Bytes
		}
		var f File
		if isKnown {
			f = File{Path: p, Bytes: k.Bytes, SHA256: k.SHA256}
		} else if f, err = hashFile(fsys, p); err != nil {
			return err
		}
		if res, ok := byPath[p]; ok {
			f.Format, f.Mediatype, f.Title = res.Format, res.Mediatype, res.Description
			if res.Bytes != 0 && res.Bytes != f.Bytes {
				return fmt.Errorf("%s: datapackage.json says %d bytes, the file has %d", p, res.Bytes, f.Bytes)
			}
			if h, ok := strings.CutPrefix(res.Hash, "sha256:"); ok && h != f.SHA256 {
				return fmt.Errorf("%s: datapackage.json says sha256 %s, the file has %s", p, h, f.SHA256)
			}
			delete(byPath, p)
		}
		if f.Format == "" {
			f.Format = strings.TrimPrefix(path.Ext(p), ".")
		}
		if isKnown {
			f.Rows = k.Rows
		} else if f.Rows, err = countRows(fsys, p); err != nil {
			return err
		}
		files = append(files, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for p := range byPath {
		return nil, fmt.Errorf("%s: listed in datapackage.json but not in the release folder", p)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

func hashFile(fsys fs.FS, p string) (File, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, fmt.Errorf("%s: %w", p, err)
	}
	return File{Path: p, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// countRows counts the data rows of a .csv file (records less the header
// row) or a .jsonl file (lines); it returns -1 for any other file.
func countRows(fsys fs.FS, p string) (int, error) {
	ext := path.Ext(p)
	if ext != ".csv" && ext != ".jsonl" {
		return -1, nil
	}
	f, err := fsys.Open(p)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	if ext == ".jsonl" {
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 64<<20)
		for sc.Scan() {
			if len(bytes.TrimSpace(sc.Bytes())) > 0 {
				n++
			}
		}
		if err := sc.Err(); err != nil {
			return 0, fmt.Errorf("%s: %w", p, err)
		}
		return n, nil
	}
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	for {
		_, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("%s: %w", p, err)
		}
		n++
	}
	return max(n-1, 0), nil
}
