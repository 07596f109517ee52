package scaffold

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/internal/golden"
	"github.com/dossier-data/dossier/schemas"

	"go.yaml.in/yaml/v3"
)

func embeddedSet(t *testing.T) *schemas.Set {
	t.Helper()
	set, err := schemas.Load(schemas.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestFilesGolden pins every file of a new dataset: testdata/files.txtar
// holds each one under its path, and the list of paths under want-paths;
// the editor's schema copies must equal the schemas byte for byte.
func TestFilesGolden(t *testing.T) {
	set := embeddedSet(t)
	files, err := Files(Options{Name: "my-dataset", Title: "My dataset", License: "CC-BY-4.0", Version: "1.2.0", Schemas: set})
	if err != nil {
		t.Fatal(err)
	}
	const path = "testdata/files.txtar"
	data, err := os.ReadFile(path)
	if err != nil && !*golden.Update {
		t.Fatal(err)
	}
	a := golden.Parse(data)
	var paths bytes.Buffer
	for _, f := range files {
		paths.WriteString(f.Path + "\n")
		if strings.HasPrefix(f.Path, SchemaDir+"/") {
			if want := set.Files[strings.TrimPrefix(f.Path, SchemaDir+"/")]; !bytes.Equal(f.Data, want) {
				t.Errorf("%s differs from the schema dossier validates with", f.Path)
			}
			continue
		}
		golden.Check(t, path, a, f.Path, f.Data)
	}
	golden.Check(t, path, a, "want-paths", paths.Bytes())
	if n := len(set.Files); n < 7 || strings.Count(paths.String(), SchemaDir+"/") != n {
		t.Errorf("%d schema files in the set; the paths are:\n%s", n, paths.String())
	}
}

// A title or licence the user types reaches dossier.yaml as the same
// string, whatever characters it holds, and the plain form is kept for
// the ordinary ones.
func TestDossierYAMLReadsBack(t *testing.T) {
	set := embeddedSet(t)
	for _, title := range []string{"My dataset", "yes", "No", "1.0", "2023-06-20", "a: b", "# not a comment", "it's \"quoted\"", "x #y", " lead", "trail ", "ünïcode — dash", "[flow]", "{map}", "&anchor", "*alias", "!tag", "%percent", "@at", "`tick`", "back\\slash", "a\u2028b", "null", "~"} {
		for _, lic := range []string{"CC0-1.0", "LicenseRef-Custom-1.0"} {
			files, err := Files(Options{Name: "x", Title: title, License: lic, Version: "1.0.0", Schemas: set})
			if err != nil {
				t.Fatalf("%q: %v", title, err)
			}
			var doc struct {
				Dataset struct {
					Name, Title string
					Licenses    []struct{ Name, Title, Path string }
				}
			}
			if err := yaml.Unmarshal(files[0].Data, &doc); err != nil {
				t.Fatalf("%q: %v\n%s", title, err, files[0].Data)
			}
			if doc.Dataset.Title != title || doc.Dataset.Name != "x" || len(doc.Dataset.Licenses) != 1 || doc.Dataset.Licenses[0].Name != lic {
				t.Errorf("%q, %q read back as %+v\n%s", title, lic, doc.Dataset, files[0].Data)
			}
			if lic == "CC0-1.0" && doc.Dataset.Licenses[0].Path != "https://creativecommons.org/publicdomain/zero/1.0/" {
				t.Errorf("CC0-1.0 has no licence path: %+v", doc.Dataset.Licenses)
			}
		}
	}
	for _, bad := range []Options{
		{Name: "x", Title: "", License: "CC0-1.0"},
		{Name: "x", Title: "two\nlines", License: "CC0-1.0"},
		{Name: "x", Title: "t", License: "CC BY"},
		{Name: "x", Title: "t", License: ""},
		{Name: "x", Title: "t", License: "NOPE"},
		{Name: "x", Title: "t", License: "LicenseRef-"},
	} {
		bad.Schemas = set
		if _, err := Files(bad); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

// A licence is written as its list spells it, whatever case was typed,
// with its title and text when they are known.
func TestLicenseSpelling(t *testing.T) {
	files, err := Files(Options{Name: "x", Title: "t", License: "odbl-1.0", Version: "1.0.0", Schemas: embeddedSet(t)})
	if err != nil {
		t.Fatal(err)
	}
	if want := "    - name: ODbL-1.0\n      title: Open Data Commons Open Database License v1.0\n"; !strings.Contains(string(files[0].Data), want) {
		t.Errorf("dossier.yaml does not hold %q:\n%s", want, files[0].Data)
	}
}

func TestRef(t *testing.T) {
	for v, want := range map[string]string{
		"1.2.0":                             "v1.2.0",
		"0.1.0-rc.1":                        "v0.1.0-rc.1",
		"devel":                             "main",
		"0.0.0-20261201120000-0123456789ab": "main",
		"1.2.1-0.20261201120000-0123456789ab+dirty": "main",
		"":       "main",
		"1.2":    "main",
		"v1.2.0": "main",
	} {
		if got := Ref(v); got != want {
			t.Errorf("Ref(%q) = %q, want %q", v, got, want)
		}
	}
}

// Write creates only what is missing: a file, a folder or a link (even a
// broken one) at a path is kept as it is.
func TestWriteKeepsWhatExists(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a"), []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "c")); err != nil {
		t.Fatal(err)
	}
	files := []File{{"a", []byte("new\n")}, {"b", []byte("new\n")}, {"c", []byte("new\n")}, {"d/e", []byte("new\n")}}
	there, err := Existing(dir, files)
	if err != nil || strings.Join(there, " ") != "a b c" {
		t.Fatalf("Existing = %q, %v", there, err)
	}
	wrote, kept, err := Write(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(wrote, " ") != "d/e" || strings.Join(kept, " ") != "a b c" {
		t.Fatalf("wrote %q, kept %q", wrote, kept)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a")); string(b) != "mine\n" {
		t.Errorf("a changed: %q", b)
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere")); err == nil {
		t.Errorf("a file was written through the broken link")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "d", "e")); string(b) != "new\n" {
		t.Errorf("d/e = %q", b)
	}
	if held, err := Holds(dir); held != "" || err != nil {
		t.Errorf("Holds = %q, %v", held, err)
	}
	os.Mkdir(filepath.Join(dir, "records"), 0o755)
	if held, err := Holds(dir); held != "records" || err != nil {
		t.Errorf("Holds = %q, %v", held, err)
	}
}
