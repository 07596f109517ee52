package release

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestTableSchemaHolds reads every CSV file of a release as a Frictionless
// validator would, with the Table Schema datapackage.json gives it, and
// wants every cell to hold: types parse, required cells are not empty, enum
// and pattern constraints match, unique and primary keys are unique, and
// every foreign key resolves. The fixture, and records/ when present.
func TestTableSchemaHolds(t *testing.T) {
	dirs := map[string]string{"fixture": mustBuild(t, fixtureOptions(t, t.TempDir())).Dir}
	if info, err := os.Stat("../records"); err == nil && info.IsDir() {
		o := fixtureOptions(t, t.TempDir())
		o.Records = "../records"
		dirs["records"] = mustBuild(t, o).Dir
	}
	for name, dir := range dirs {
		t.Run(name, func(t *testing.T) { checkTableSchemas(t, dir) })
	}
}

type tsField struct {
	Name, Type, Delimiter string
	Constraints           struct {
		Required, Unique bool
		Pattern          string
		Enum             []string
	}
}

type tsResource struct {
	Name, Path, Format string
	Schema             *struct {
		Fields        []tsField
		MissingValues []string
		PrimaryKey    []string
		ForeignKeys   []struct {
			Fields    []string
			Reference struct {
				Resource string
				Fields   []string
			}
		}
	}
}

func checkTableSchemas(t *testing.T, dir string) {
	b, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dp struct{ Resources []tsResource }
	if err := json.Unmarshal(b, &dp); err != nil {
		t.Fatal(err)
	}
	columns := map[string]map[string][]string{} // resource -> field -> cells
	var tables []tsResource
	for _, r := range dp.Resources {
		if r.Format != "csv" || r.Schema == nil {
			continue
		}
		tables = append(tables, r)
		f, err := os.Open(filepath.Join(dir, r.Path))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", r.Path, err)
		}
		if len(r.Schema.MissingValues) != 1 || r.Schema.MissingValues[0] != "" {
			t.Errorf("%s: missingValues %q", r.Path, r.Schema.MissingValues)
		}
		cols := map[string][]string{}
		for i, fd := range r.Schema.Fields {
			var re *regexp.Regexp
			if p := fd.Constraints.Pattern; p != "" {
				re = regexp.MustCompile("^(?:" + p + ")$")
			}
			seen := map[string]bool{}
			for n, row := range rows[1:] {
				v := row[i]
				cols[fd.Name] = append(cols[fd.Name], v)
				at := func(format string, args ...any) {
					t.Errorf("%s row %d %s=%q: "+format, append([]any{r.Path, n + 2, fd.Name, v}, args...)...)
				}
				if v == "" {
					if fd.Constraints.Required {
						at("required but empty")
					}
					continue
				}
				if fd.Constraints.Unique {
					if seen[v] {
						at("not unique")
					}
					seen[v] = true
				}
				if fd.Constraints.Enum != nil && !contains(fd.Constraints.Enum, v) {
					at("not in enum %q", fd.Constraints.Enum)
				}
				if re != nil && !re.MatchString(v) {
					at("does not match %s", fd.Constraints.Pattern)
				}
				switch fd.Type {
				case "integer":
					if _, err := strconv.ParseInt(v, 10, 64); err != nil {
						at("not an integer")
					}
				case "number":
					if _, err := strconv.ParseFloat(v, 64); err != nil {
						at("not a number")
					}
				case "boolean":
					if v != "true" && v != "false" {
						at("not a boolean")
					}
				case "date":
					if _, err := time.Parse("2006-01-02", v); err != nil {
						at("not a date")
					}
				case "list":
					if fd.Delimiter != ListSeparator {
						at("list delimiter %q", fd.Delimiter)
					}
				case "string":
				default:
					at("unexpected type %s", fd.Type)
				}
			}
		}
		keys := map[string]bool{}
		for n := range rows[1:] {
			var k []string
			for _, f := range r.Schema.PrimaryKey {
				k = append(k, cols[f][n])
			}
			if keys[strings.Join(k, "\x00")] {
				t.Errorf("%s row %d: primary key %v repeats", r.Path, n+2, k)
			}
			keys[strings.Join(k, "\x00")] = true
		}
		columns[r.Name] = cols
	}
	resolved := 0
	for _, r := range tables {
		for _, fk := range r.Schema.ForeignKeys {
			target := map[string]bool{}
			for _, v := range columns[fk.Reference.Resource][fk.Reference.Fields[0]] {
				target[v] = true
			}
			for n, v := range columns[r.Name][fk.Fields[0]] {
				if v != "" && !target[v] {
					t.Errorf("%s row %d: %s=%q is not a %s.%s", r.Path, n+2, fk.Fields[0], v, fk.Reference.Resource, fk.Reference.Fields[0])
				}
				if v != "" {
					resolved++
				}
			}
		}
	}
	if resolved == 0 {
		t.Error("no foreign key value was checked")
	}
	if len(tables) < 20 {
		t.Errorf("only %d CSV resources", len(tables))
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
