package release

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
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
	Name, Type, Delimiter, Description string
	Constraints                        struct {
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

// readPackage reads the resources of a release's datapackage.json.
func readPackage(t *testing.T, dir string) []tsResource {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dp struct{ Resources []tsResource }
	if err := json.Unmarshal(b, &dp); err != nil {
		t.Fatal(err)
	}
	return dp.Resources
}

func checkTableSchemas(t *testing.T, dir string) {
	columns := map[string]map[string][]string{} // resource -> field -> cells
	var tables []tsResource
	for _, r := range readPackage(t, dir) {
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
		for i := range r.Schema.Fields {
			fd := &r.Schema.Fields[i]
			var re *regexp.Regexp
			if p := fd.Constraints.Pattern; p != "" {
				re = regexp.MustCompile("^(?:" + p + ")$")
			}
			seen := map[string]bool{}
			for n, row := range rows[1:] {
				v := row[i]
				cols[fd.Name] = append(cols[fd.Name], v)
				if msg := checkCell(fd, re, seen, v); msg != "" {
					t.Errorf("%s row %d %s=%q: %s", r.Path, n+2, fd.Name, v, msg)
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

// checkCell checks one cell v of a column against its Table Schema field
// fd: its constraints (re is its pattern, seen the values above it) and
// its type. It returns what is wrong, "" when nothing.
func checkCell(fd *tsField, re *regexp.Regexp, seen map[string]bool, v string) string {
	c := fd.Constraints
	switch {
	case v == "" && c.Required:
		return "required but empty"
	case v == "":
		return ""
	case c.Unique && seen[v]:
		return "not unique"
	case c.Enum != nil && !contains(c.Enum, v):
		return fmt.Sprintf("not in enum %q", c.Enum)
	case re != nil && !re.MatchString(v):
		return "does not match " + c.Pattern
	}
	seen[v] = true
	return checkType(fd, v)
}

// checkType checks that cell v reads as the type of field fd.
func checkType(fd *tsField, v string) string {
	var err error
	switch fd.Type {
	case "integer":
		_, err = strconv.ParseInt(v, 10, 64)
	case "number":
		_, err = strconv.ParseFloat(v, 64)
	case "boolean":
		if v != "true" && v != "false" {
			return "not a boolean"
		}
	case "date":
		_, err = time.Parse("2006-01-02", v)
	case "list":
		if fd.Delimiter != ListSeparator {
			return fmt.Sprintf("list delimiter %q", fd.Delimiter)
		}
	case "string":
	default:
		return "unexpected type " + fd.Type
	}
	if err != nil {
		return "not a " + fd.Type
	}
	return ""
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
