package read

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/parallel"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

// File is one record file of the records folder.
type File struct {
	Path string // slash-separated: the records folder as given, the kind folder, the name
	Kind *schemas.Kind
}

// Skipped is an entry of the records folder that may hold a record and
// that the listing reports instead of reading it as one (its finding says
// why): a file of a kind folder not named <id>.yaml (raid.yml,
// raid.yaml~), a link or another file that is not regular, a file in a
// folder inside a kind folder, a record file outside the kind folders; a
// kind folder that is a link or cannot be listed. The rules across
// records take what it holds as unknown.
type Skipped struct {
	Path string        // slash-separated, as File.Path
	Kind *schemas.Kind // of the kind folder it is in; nil outside one
	// ID is the ID its name gives (raid for raid.yml); "" for a folder.
	ID string
	// Folder is true for a folder that was not listed: it may hold
	// records of any ID of Kind.
	Folder bool
	// Src is the text of a regular file, read under max-file-size so that
	// what it may reference is known; nil when it was not read (a link,
	// not a regular file, unreadable, over the limit, a folder).
	Src []byte
}

// Companions are the files, other than records, that the records folder
// and its kind folders may hold. Every other entry is a record or a
// finding: nothing under records/ is skipped silently.
var Companions = []string{"README.md", ".gitkeep"}

// ErrNoRecords is returned when the records folder does not exist.
var ErrNoRecords = errors.New("no records folder")

// maxPathFindings bounds the record-path findings of one folder; the rest
// are counted in one closing finding.
const maxPathFindings = 100

// List lists the records folder root: the record files of each kind
// folder, in path order, the entries reported and not read that may hold
// records, and a finding for every entry that is not a record file. The
// error is for a records folder that is missing or is not a folder. A
// records folder that is a symbolic link is not read, as a kind folder or
// a record file that is one is not: records are read from real folders
// inside the dataset only, never from wherever a link points. Its one
// finding, about root, says so.
func List(root string, set *schemas.Set, lim config.Limits) ([]File, []Skipped, diag.List, error) {
	if abs, err := filepath.Abs(root); err == nil {
		if li, err := os.Lstat(abs); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			var diags diag.List
			diags.Add(diag.Diagnostic{File: filepath.ToSlash(root), Rule: ruleFileRead.ID, Severity: ruleFileRead.Severity,
				Message: "the records folder is a symbolic link" + linkTarget(abs) + "; records are read from a real folder inside the dataset, and none is read",
				Hint:    "put the records folder itself in the dataset, or run dossier in the dataset that holds it"})
			return nil, nil, diags, nil
		}
	}
	info, err := os.Stat(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, nil, fmt.Errorf("%w: %s", ErrNoRecords, root)
		}
		return nil, nil, nil, err
	}
	if !info.IsDir() {
		return nil, nil, nil, fmt.Errorf("%s is not a folder", root)
	}
	l := lister{root: filepath.ToSlash(root), set: set, max: lim.Records(), size: lim.FileSize()}
	ents, err := os.ReadDir(root)
	if err != nil {
		return nil, nil, nil, err
	}
	// The kind folders are listed side by side, each by a lister of its
	// own, and joined in path order.
	var kinds []*lister
	for _, e := range ents {
		if kind := set.KindByTable(e.Name()); kind != nil && e.IsDir() {
			kinds = append(kinds, &lister{root: l.root, set: set, max: l.max, size: l.size, dir: l.root + "/" + e.Name(), of: kind})
		} else {
			l.top(e)
		}
	}
	parallel.For(len(kinds), 0, func(i int) { kinds[i].kind() })
	for _, k := range kinds {
		l.files = append(l.files, k.files...)
		l.skipped = append(l.skipped, k.skipped...)
		l.diags = append(l.diags, k.diags...)
		if k.over || len(l.files) > l.max {
			var diags diag.List
			diags.Add(diag.Diagnostic{File: l.root, Rule: ruleLimit.ID, Severity: ruleLimit.Severity,
				Message: fmt.Sprintf("the dataset holds more than %d record files, the limit; no record is checked", l.max),
				Hint:    "raise max-records, or split the dataset"})
			return nil, nil, diags, nil
		}
	}
	return l.files, l.skipped, l.diags, nil
}

// lister is the state of the listing of the records folder, or of one
// kind folder (dir, of kind of).
type lister struct {
	root    string
	set     *schemas.Set
	max     int
	size    int64 // max-file-size, for the skipped files read
	dir     string
	of      *schemas.Kind
	files   []File
	skipped []Skipped
	diags   diag.List
	over    bool // more than max record files
	// findings of record-path so far, in the folder
	inFolder int
	// folders inside the kind folder, and their entries, looked at so far
	nested int
}

// top looks at one entry of the records folder.
func (l *lister) top(e fs.DirEntry) {
	name := e.Name()
	p := l.root + "/" + name
	kind := l.set.KindByTable(name)
	switch {
	case kind != nil && e.Type()&fs.ModeSymlink != 0:
		l.skipped = append(l.skipped, Skipped{Path: p, Kind: kind, Folder: true})
		l.add(ruleFileRead, p, fmt.Sprintf("folder %s is a symbolic link; record folders are real folders inside %s, and its records are not read", name, l.root), "")
	case e.IsDir():
		l.add(ruleRecordPath, p, fmt.Sprintf("folder %q is not a record kind", name),
			"record folders are "+strings.Join(l.tables(), ", ")+diag.Suggestion(name, l.tables()))
	case isCompanion(name) && e.Type().IsRegular():
	case strings.HasSuffix(strings.ToLower(strings.TrimSpace(name)), ".yaml") || strings.HasSuffix(strings.ToLower(name), ".yml"):
		l.skipFile(p, nil, e)
		l.add(ruleRecordPath, p, "record file is not in a kind folder",
			"move it to "+l.root+"/<kind>/ with kind one of "+strings.Join(l.tables(), ", "))
	default:
		l.add(ruleRecordPath, p, fmt.Sprintf("%s is not part of the dataset: %s holds only the kind folders, %s", name, l.root, strings.Join(Companions, " and ")),
			"move it out of "+l.root+", or delete it")
	}
}

// kind lists the kind folder l.dir.
func (l *lister) kind() {
	dir, kind := l.dir, l.of
	ents, err := os.ReadDir(filepath.FromSlash(dir))
	if err != nil {
		l.skipped = append(l.skipped, Skipped{Path: dir, Kind: kind, Folder: true})
		l.add(ruleFileRead, dir, fmt.Sprintf("cannot read: %v", unwrapPathError(err)), "")
		return
	}
	for _, e := range ents {
		if l.entry(dir, e, kind) {
			l.files = append(l.files, File{Path: dir + "/" + e.Name(), Kind: kind})
			if len(l.files) > l.max {
				l.over = true
				return
			}
		}
	}
	if l.inFolder > maxPathFindings {
		l.diags.Add(diag.Diagnostic{File: dir, Rule: ruleRecordPath.ID, Severity: ruleRecordPath.Severity,
			Message: fmt.Sprintf("%d more entries of this folder are not record files; they are not listed one by one", l.inFolder-maxPathFindings),
			Hint:    "fix the entries listed, and run again"})
	}
}

// entry looks at one entry of a kind folder and reports whether it is a
// record file to read.
func (l *lister) entry(dir string, e fs.DirEntry, kind *schemas.Kind) bool {
	name := e.Name()
	p := dir + "/" + name
	base, isYAML := strings.CutSuffix(name, ".yaml")
	switch {
	case isCompanion(name) && e.Type().IsRegular():
		return false
	case e.IsDir():
		l.nestedFolder(p, kind)
	case !isYAML || strings.HasPrefix(name, ".") || !e.Type().IsRegular():
		l.skipFile(p, kind, e)
	}
	switch {
	case e.IsDir() && isYAML:
		l.add(ruleFileRead, p, p+" is a folder, not a record file", "")
		return false
	case e.IsDir():
		l.add(ruleRecordPath, p, "folder inside a kind folder; records are not nested, and its files are not read",
			"move its record files to "+dir+"/, or move it out of "+l.root)
		return false
	case !isYAML && (strings.HasSuffix(strings.ToLower(name), ".yml") || strings.HasSuffix(strings.ToLower(name), ".yaml")):
		ext := name[strings.LastIndexByte(name, '.'):]
		l.add(ruleRecordPath, p, "record files end in .yaml, not "+ext, "rename it to "+orName(record.Kebab(strings.TrimSuffix(name, ext)), strings.TrimSuffix(name, ext))+".yaml")
		return false
	case !isYAML || strings.HasPrefix(name, "."):
		l.add(ruleRecordPath, p, "not a record file, and not read: a kind folder holds only <id>.yaml records (and "+strings.Join(Companions, " or ")+")", renameHint(dir, name))
		return false
	case e.Type()&fs.ModeSymlink != 0:
		l.add(ruleFileRead, p, "record file is a symbolic link"+danglingTarget(p)+"; records are regular files inside "+l.root, "")
		return false
	case !e.Type().IsRegular():
		l.add(ruleFileRead, p, "record file is not a regular file", "")
		return false
	}
	if c := nameControl(name); c != "" {
		l.diags.Add(diag.Diagnostic{File: p, Rule: ruleTextControl.ID, Severity: ruleTextControl.Severity,
			Message: "the file name holds " + c, Hint: renameHint(dir, name)})
	} else if !record.IsKebab(base) {
		l.add(ruleRecordPath, p, "the file name is not an ID: IDs are lowercase kebab-case (letters, digits and single hyphens)", renameHint(dir, name))
	}
	return true
}

// skipFile notes a file at p that is not read as a record and whose name
// gives an ID, reading its text when it is a regular file.
func (l *lister) skipFile(p string, kind *schemas.Kind, e fs.DirEntry) {
	id := nameID(e.Name())
	if id == "" {
		return // notes.txt: no record by its name
	}
	s := Skipped{Path: p, Kind: kind, ID: id}
	if e.Type().IsRegular() {
		if src, err := readRegular(p, l.size); err == nil {
			s.Src = append([]byte{}, src...) // not nil: read
		}
	}
	l.skipped = append(l.skipped, s)
}

// maxNested bounds the folders inside one kind folder, and their
// entries, that the listing looks at; past it, a folder counts as holding
// any record of the kind.
const maxNested = 1000

// nestedFolder notes the files of a folder inside a kind folder, at any
// depth: their records are not read, but they may be any of the kind.
func (l *lister) nestedFolder(dir string, kind *schemas.Kind) {
	var ents []fs.DirEntry
	err := errors.New("too many entries")
	if l.nested++; l.nested <= maxNested {
		ents, err = os.ReadDir(filepath.FromSlash(dir))
	}
	if l.nested += len(ents); err != nil || l.nested > maxNested {
		l.skipped = append(l.skipped, Skipped{Path: dir, Kind: kind, Folder: true})
		return
	}
	for _, e := range ents {
		if p := dir + "/" + e.Name(); e.IsDir() {
			l.nestedFolder(p, kind)
		} else {
			l.skipFile(p, kind, e)
		}
	}
}

// nameID returns the ID a file name gives when it names a record file in
// some form (raid.yml, Raid.YAML, .raid.yaml.swp, raid.yaml~): its part
// before the first .yaml or .yml, as an ID; "" when it has none.
func nameID(name string) string {
	lower := strings.ToLower(name)
	for _, ext := range []string{".yaml", ".yml"} {
		if i := strings.Index(lower, ext); i >= 0 {
			return record.Kebab(name[:i])
		}
	}
	return ""
}

// danglingTarget says, for the symbolic link at p, what it names when
// that does not exist: " to missing.yaml, which does not exist". It is ""
// for a link to something that exists.
func danglingTarget(p string) string {
	name := filepath.FromSlash(p)
	if _, err := os.Stat(name); !errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	target, err := os.Readlink(name)
	if err != nil {
		return ""
	}
	return " to " + diag.Clip(target, 100) + ", which does not exist"
}

// linkTarget says what the symbolic link at p names: " to ../data", or
// " to ../data, which does not exist".
func linkTarget(p string) string {
	target, err := os.Readlink(p)
	if err != nil {
		return ""
	}
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return " to " + diag.Clip(target, 100) + ", which does not exist"
	}
	return " to " + diag.Clip(target, 100)
}

// add reports a finding about the entry at p, counting record-path
// findings against the folder's cap.
func (l *lister) add(r *diag.Rule, p, msg, hint string) {
	if r == ruleRecordPath {
		if l.inFolder++; l.inFolder > maxPathFindings {
			return
		}
	}
	l.diags.Add(diag.Diagnostic{File: p, Rule: r.ID, Severity: r.Severity, Message: msg, Hint: hint})
}

// renameHint proposes the record file name a misnamed file should have,
// when one can be made of it.
func renameHint(dir, name string) string {
	base := strings.TrimSpace(name)
	lower := strings.ToLower(base)
	for _, ext := range []string{".yaml", ".yml"} {
		if i := strings.Index(lower, ext); i >= 0 {
			if id := record.Kebab(base[:i]); id != "" {
				if strings.HasSuffix(lower, ext) || strings.HasPrefix(lower[i+len(ext):], ".") {
					return "rename it to " + dir + "/" + id + ".yaml, or delete it if it is a copy"
				}
				return "delete it if it is an editor's backup, or rename it to " + dir + "/" + id + ".yaml"
			}
		}
	}
	return "move it out of " + dir + ", or delete it"
}

// orName is id, or name when id is empty.
func orName(id, name string) string {
	if id == "" {
		return name
	}
	return id
}

func isCompanion(name string) bool {
	for _, c := range Companions {
		if name == c {
			return true
		}
	}
	return false
}

func (l *lister) tables() []string {
	var t []string
	for _, k := range l.set.Kinds {
		t = append(t, k.Table)
	}
	return t
}

// nameControl names the first control or bidirectional formatting
// character of a file name, or returns "". Unlike text, a name may hold no
// tab or line break either.
func nameControl(name string) string {
	for _, r := range name {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return fmt.Sprintf("control character U+%04X", r)
		case record.ControlName(r) != "":
			return record.ControlName(r)
		}
	}
	return ""
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
