package scaffold

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"
	"unicode"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
)

// Options describe the new dataset.
type Options struct {
	Name    string // dataset name, as release config names it: my-dataset
	Title   string // human title; one line
	License string // an SPDX or Open Definition identifier (config.LicenseID): CC-BY-4.0
	// Version is the running dossier's version (1.2.0, devel): the workflow
	// and the pre-commit hooks pin the release of that version (Ref).
	Version string
	Schemas *schemas.Set
}

// File is one file of the new dataset.
type File struct {
	Path string // slash-separated, relative to the dataset folder
	Data []byte
}

// SchemaDir is the folder of the editor's copy of the JSON Schemas.
const SchemaDir = ".vscode/schemas"

// FirstVersion is the VERSION of a new dataset.
const FirstVersion = "0.1.0"

// Action is a GitHub Action that the generated workflow pins by commit.
type Action struct{ SHA, Version string }

// The actions of the generated workflow, each pinned by the commit of its
// release tag; dependabot (.github/dependabot.yml) keeps them current.
var (
	Checkout    = Action{"3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"}
	UploadSARIF = Action{"b96794f015dfd88f77b49b1c93e0fa7110f94c63", "v4.38.0"}
)

// licenses are the open data licences whose title and text are known; any
// other identifier is written by name only.
var licenses = map[string][2]string{
	"CC-BY-4.0":    {"Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"},
	"CC-BY-SA-4.0": {"Creative Commons Attribution Share-Alike 4.0 International", "https://creativecommons.org/licenses/by-sa/4.0/"},
	"CC0-1.0":      {"Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"},
	"ODbL-1.0":     {"Open Data Commons Open Database License v1.0", "https://opendatacommons.org/licenses/odbl/1-0/"},
	"ODC-By-1.0":   {"Open Data Commons Attribution License v1.0", "https://opendatacommons.org/licenses/by/1-0/"},
	"PDDL-1.0":     {"Open Data Commons Public Domain Dedication and License v1.0", "https://opendatacommons.org/licenses/pddl/1-0/"},
}

//go:embed template/*.tmpl
var templateFS embed.FS

var templates = template.Must(template.New("").Delims("<<", ">>").Funcs(template.FuncMap{
	"json": func(s string) (string, error) { b, err := jsonString(s); return string(b), err },
}).ParseFS(templateFS, "template/*.tmpl"))

// Files returns the files of a new dataset in a fixed order: dossier.yaml,
// VERSION, .gitignore, the records folder (its README and an empty
// .gitkeep in each kind's folder, so that git keeps the folder), the CI
// workflow, its dependabot configuration, the pre-commit hooks, and the
// editor settings with their copy of the schemas. The same options give
// the same bytes.
func Files(o Options) ([]File, error) {
	if o.Schemas == nil {
		return nil, errors.New("scaffold: no schema set")
	}
	if strings.TrimSpace(o.Title) == "" || strings.IndexFunc(o.Title, unicode.IsControl) >= 0 {
		return nil, fmt.Errorf("title %q must be one line of text", o.Title)
	}
	license, err := config.LicenseID(o.License)
	if err != nil {
		return nil, err
	}
	type kind struct{ Name, Table, File, Description string }
	var kinds []kind
	for _, k := range o.Schemas.Kinds {
		kinds = append(kinds, kind{k.Name, k.Table, k.File, cell(k.Description)})
	}
	lic := struct{ Name, Title, Path string }{Name: license}
	if l, ok := licenses[license]; ok {
		lic.Title, lic.Path = l[0], l[1]
	}
	data := struct {
		Name, Title, Version, Ref, SchemaDir string
		License                              struct{ Name, Title, Path string }
		Kinds                                []kind
		Checkout, UploadSARIF                Action
	}{
		Name: yamlString(o.Name), Title: yamlString(o.Title), Version: cell(o.Version), Ref: Ref(o.Version), SchemaDir: SchemaDir,
		Kinds: kinds, Checkout: Checkout, UploadSARIF: UploadSARIF,
	}
	data.License.Name, data.License.Title, data.License.Path = yamlString(lic.Name), yamlString(lic.Title), yamlString(lic.Path)
	if lic.Title == "" {
		data.License.Title, data.License.Path = "", ""
	}

	var files []File
	add := func(p, tmpl string) error {
		var b bytes.Buffer
		if err := templates.ExecuteTemplate(&b, tmpl, data); err != nil {
			return err
		}
		files = append(files, File{p, b.Bytes()})
		return nil
	}
	if err := add("dossier.yaml", "dossier.yaml.tmpl"); err != nil {
		return nil, err
	}
	files = append(files, File{"VERSION", []byte(FirstVersion + "\n")})
	for _, f := range [][2]string{{".gitignore", "gitignore.tmpl"}, {"records/README.md", "records-readme.md.tmpl"}} {
		if err := add(f[0], f[1]); err != nil {
			return nil, err
		}
	}
	for _, k := range o.Schemas.Kinds {
		files = append(files, File{"records/" + k.Table + "/.gitkeep", nil})
	}
	for _, f := range [][2]string{
		{".github/workflows/dossier.yml", "workflow.yml.tmpl"},
		{".github/dependabot.yml", "dependabot.yml.tmpl"},
		{".pre-commit-config.yaml", "pre-commit-config.yaml.tmpl"},
		{".vscode/settings.json", "vscode-settings.json.tmpl"},
		{".vscode/extensions.json", "vscode-extensions.json.tmpl"},
	} {
		if err := add(f[0], f[1]); err != nil {
			return nil, err
		}
	}
	files = append(files, SchemaFiles(o.Schemas, SchemaDir)...)
	return files, nil
}

// SchemaFiles returns the schema files of set under dir, sorted by name,
// byte for byte as dossier reads them.
func SchemaFiles(set *schemas.Set, dir string) []File {
	names := make([]string, 0, len(set.Files))
	for n := range set.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	files := make([]File, len(names))
	for i, n := range names {
		files[i] = File{path.Join(dir, n), set.Files[n]}
	}
	return files
}

// release is a version that names a release tag: 1.2.0, 1.2.0-rc.1; not a
// Go pseudo-version (0.0.0-20261201120000-0123456789ab) nor devel.
var (
	release = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)
	pseudo  = regexp.MustCompile(`[0-9]{14}-[0-9a-f]{12}$`)
)

// Ref is the git ref of the dossier repository that the workflow and the
// hooks pin: the release tag of version (v1.2.0), or main for a build that
// is no release.
func Ref(version string) string {
	if release.MatchString(version) && !pseudo.MatchString(version) {
		return "v" + version
	}
	return "main"
}

// Holds reports what in dir makes it a dataset already: "dossier.yaml" or
// "records" ("" when neither exists).
func Holds(dir string) (string, error) {
	for _, name := range []string{"dossier.yaml", "records"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return name, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	return "", nil
}

// Existing returns the paths of files that something already occupies in
// dir, in the order of files.
func Existing(dir string, files []File) ([]string, error) {
	var found []string
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.Path))); err == nil {
			found = append(found, f.Path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return found, nil
}

// Write creates each file under dir when nothing is at its path, with the
// folders it needs; it never changes nor removes what exists (a file, a
// folder or a link, even a broken one, is kept). It returns the paths it
// wrote and those it kept, each in the order of files. On an error, the
// files written so far stay and are in wrote.
func Write(dir string, files []File) (wrote, kept []string, err error) {
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return wrote, kept, err
		}
		w, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if errors.Is(err, fs.ErrExist) {
			kept = append(kept, f.Path)
			continue
		}
		if err != nil {
			return wrote, kept, err
		}
		_, err = w.Write(f.Data)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(p)
			return wrote, kept, err
		}
		wrote = append(wrote, f.Path)
	}
	return wrote, kept, nil
}

// plain matches text that YAML 1.1 and 1.2 both read back as the same
// string when written unquoted: it starts with a letter and holds no
// character that YAML gives a meaning there.
var plain = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9 ._/()+-]*[A-Za-z0-9./)]$|^[A-Za-z]$|^https://[A-Za-z0-9./_-]+$`)

// yamlWords are the unquoted words YAML 1.1 reads as booleans or null.
var yamlWords = map[string]bool{"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true, "true": true, "false": true, "null": true}

// yamlString writes s as a YAML scalar: plain when that reads back the
// same, else double-quoted (JSON string syntax, which YAML 1.2 reads the
// same), so no title can break the file.
func yamlString(s string) string {
	if plain.MatchString(s) && !yamlWords[strings.ToLower(s)] {
		return s
	}
	b, err := jsonString(s)
	if err != nil {
		panic(err) // a Go string always encodes
	}
	return string(b)
}

func jsonString(s string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// cell makes text safe in one Markdown table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer(`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;").Replace(s)
}
