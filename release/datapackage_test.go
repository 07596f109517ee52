package release

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/datapackage"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// profile compiles the vendored Data Package v2 profile (see
// testdata/profile/README.md for its source).
func profile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft7
	c.AssertFormat = true
	b, err := os.ReadFile("testdata/profile/datapackage.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	const url = "https://dossier.invalid/testdata/datapackage-v2.schema.json"
	if err := c.AddResource(url, bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestDataPackage validates datapackage.json of the fixture (and of records/
// when the repository has it) against the Data Package v2 profile, and
// checks every resource's bytes and hash against its file, and that every
// data file is a resource.
func TestDataPackage(t *testing.T) {
	s := profile(t)
	dirs := map[string]string{"fixture": mustBuild(t, fixtureOptions(t, t.TempDir())).Dir}
	if info, err := os.Stat("../records"); err == nil && info.IsDir() {
		o := fixtureOptions(t, t.TempDir())
		o.Records = "../records"
		o.Dataset = config.Dataset{Name: config.DefaultName, Title: config.DefaultName}
		dirs["records"] = mustBuild(t, o).Dir
	}
	for name, dir := range dirs {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(decode(t, b)); err != nil {
				t.Fatalf("datapackage.json does not validate against the Data Package v2 profile:\n%#v", err)
			}
			var dp struct {
				Schema    string `json:"$schema"`
				Resources []dpResource
			}
			if err := json.Unmarshal(b, &dp); err != nil {
				t.Fatal(err)
			}
			if dp.Schema != datapackage.Profile {
				t.Errorf("$schema = %q", dp.Schema)
			}
			names := map[string]bool{}
			paths := map[string]bool{}
			for _, r := range dp.Resources {
				if names[r.Name] {
					t.Errorf("resource name %s twice", r.Name)
				}
				names[r.Name], paths[r.Path] = true, true
				data, err := os.ReadFile(filepath.Join(dir, r.Path))
				if err != nil {
					t.Errorf("resource %s: %v", r.Name, err)
					continue
				}
				sum := sha256.Sum256(data)
				if r.Hash != "sha256:"+hex.EncodeToString(sum[:]) {
					t.Errorf("%s: hash %s does not match the file", r.Path, r.Hash)
				}
				if r.Bytes != int64(len(data)) {
					t.Errorf("%s: bytes %d, file has %d", r.Path, r.Bytes, len(data))
				}
				if r.Format == "csv" {
					if r.Schema == nil {
						t.Errorf("%s: no Table Schema", r.Path)
						continue
					}
					header, _, _ := strings.Cut(string(data), "\n")
					var fields []string
					for _, f := range r.Schema.Fields {
						fields = append(fields, f.Name)
					}
					if header != strings.Join(fields, ",") {
						t.Errorf("%s: header %q, schema fields %q", r.Path, header, fields)
					}
				}
			}
			checkKeysExist(t, dp.Resources)
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				n := e.Name()
				if n == "datapackage.json" || n == "README.md" || n == "SHA256SUMS" || n == "index.html" { // companions, not data
					continue
				}
				if !paths[n] {
					t.Errorf("%s is not a resource of datapackage.json", n)
				}
			}
		})
	}
}

// dpResource is a resource of datapackage.json as the tests read it,
// without the package's own type.
type dpResource struct {
	Name, Path, Hash, Format string
	Bytes                    int64
	Schema                   *struct {
		Fields []struct {
			Name string
		}
		PrimaryKey  []string
		ForeignKeys []struct {
			Fields    []string
			Reference struct {
				Resource string
				Fields   []string
			}
		}
	}
}

// checkKeysExist: primary and foreign keys name resources and fields
// that exist.
func checkKeysExist(t *testing.T, resources []dpResource) {
	fieldsOf := map[string]map[string]bool{}
	for _, r := range resources {
		if r.Schema != nil {
			fieldsOf[r.Name] = map[string]bool{}
			for _, f := range r.Schema.Fields {
				fieldsOf[r.Name][f.Name] = true
			}
		}
	}
	for _, r := range resources {
		if r.Schema == nil {
			continue
		}
		for _, k := range r.Schema.PrimaryKey {
			if !fieldsOf[r.Name][k] {
				t.Errorf("%s: primary key %s is not a field", r.Name, k)
			}
		}
		for _, fk := range r.Schema.ForeignKeys {
			target := fieldsOf[fk.Reference.Resource]
			if target == nil || !target[fk.Reference.Fields[0]] || !fieldsOf[r.Name][fk.Fields[0]] {
				t.Errorf("%s: foreign key %v -> %s.%v does not resolve", r.Name, fk.Fields, fk.Reference.Resource, fk.Reference.Fields)
			}
		}
	}
}

// TestProfileRejects proves the vendored profile is not vacuous: broken
// descriptors fail it.
func TestProfileRejects(t *testing.T) {
	s := profile(t)
	for name, doc := range map[string]string{
		"no resources":       `{"name":"x"}`,
		"empty resources":    `{"resources":[]}`,
		"resource no name":   `{"resources":[{"path":"a.csv"}]}`,
		"path escapes":       `{"resources":[{"name":"a","path":"../a.csv"}]}`,
		"absolute path":      `{"resources":[{"name":"a","path":"/etc/passwd"}]}`,
		"bad hash":           `{"resources":[{"name":"a","path":"a.csv","hash":"sha256:xyz"}]}`,
		"bytes as text":      `{"resources":[{"name":"a","path":"a.csv","bytes":"12"}]}`,
		"bad mediatype":      `{"resources":[{"name":"a","path":"a.csv","mediatype":"csv"}]}`,
		"license no name":    `{"licenses":[{"title":"x"}],"resources":[{"name":"a","path":"a.csv"}]}`,
		"bad created":        `{"created":"yesterday","resources":[{"name":"a","path":"a.csv"}]}`,
		"unknown field type": `{"resources":[{"name":"a","path":"a.csv","schema":{"fields":[{"name":"x","type":"text"}]}}]}`,
		"fk without fields":  `{"resources":[{"name":"a","path":"a.csv","schema":{"fields":[{"name":"x"}],"foreignKeys":[{"reference":{"resource":"b","fields":["id"]}}]}}]}`,
		"bad resource type":  `{"resources":[{"name":"a","path":"a.csv","type":"spreadsheet"}]}`,
	} {
		if err := s.Validate(decode(t, []byte(doc))); err == nil {
			t.Errorf("%s: the profile accepts %s", name, doc)
		}
	}
	ok := `{"name":"x","created":"2023-11-14T22:13:20Z","licenses":[{"name":"CC-BY-4.0"}],"resources":[{"name":"a","path":"a.csv","bytes":1,"hash":"sha256:ab","mediatype":"text/csv","schema":{"fields":[{"name":"x","type":"list","delimiter":";","itemType":"string"}],"primaryKey":["x"],"missingValues":[""]}}]}`
	if err := s.Validate(decode(t, []byte(ok))); err != nil {
		t.Errorf("a good descriptor fails: %v", err)
	}
}
