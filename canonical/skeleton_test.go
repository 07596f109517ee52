package canonical_test

import (
	"strings"
	"testing"

	"github.com/dossier-data/dossier/canonical"
	"github.com/dossier-data/dossier/schemas"
)

// TestSkeleton: for every kind, the new record is already canonical, reads
// without YAML errors, holds every required field (nested ones too) with
// the ID, active status and label given, and names every field of the
// schema in a comment.
func TestSkeleton(t *testing.T) {
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range set.Kinds {
		out, err := canonical.Skeleton(k, "new-"+k.Name, "Çuçi: a label")
		if err != nil {
			t.Fatalf("%s: %v", k.Name, err)
		}
		if same, _, err := canonical.Equal(k.Table+"/x.yaml", out, k); err != nil || !same {
			t.Errorf("%s: not canonical (err %v):\n%s", k.Name, err, out)
		}
		v, diags := parseValue("x.yaml", out, k)
		if e, _ := diags.Count(); e > 0 {
			t.Errorf("%s: %v", k.Name, diags)
		}
		m, _ := v.(map[string]any)
		if m["id"] != "new-"+k.Name || m["status"] != "active" {
			t.Errorf("%s: id %v, status %v", k.Name, m["id"], m["status"])
		}
		labelled := false
		for _, f := range []string{"title", "name", "measure"} {
			if m[f] == "Çuçi: a label" {
				labelled = true
			}
		}
		if !labelled && k.Name != "quote" {
			t.Errorf("%s: the label fills no field", k.Name)
		}
		requiredPresent(t, k.Name, k.Fields, m)
		for _, f := range k.Fields {
			if !strings.Contains(string(out), "# "+f.Name+" (") {
				t.Errorf("%s: field %s has no comment", k.Name, f.Name)
			}
		}
	}
}

func requiredPresent(t *testing.T, where string, fields []*schemas.Field, m map[string]any) {
	t.Helper()
	for _, f := range fields {
		v, ok := m[f.Name]
		if f.Required != ok {
			t.Errorf("%s.%s: required %v, present %v", where, f.Name, f.Required, ok)
			continue
		}
		if !ok {
			continue
		}
		switch f.Type {
		case "object":
			sub, _ := v.(map[string]any)
			requiredPresent(t, where+"."+f.Name, f.Fields, sub)
		case "array":
			items, _ := v.([]any)
			if len(items) != 1 {
				t.Errorf("%s.%s: %d items, want one to fill in", where, f.Name, len(items))
				continue
			}
			if f.Items != nil && f.Items.Type == "object" {
				sub, _ := items[0].(map[string]any)
				requiredPresent(t, where+"."+f.Name+"[0]", f.Items.Fields, sub)
			}
		}
	}
}
