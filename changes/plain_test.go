package changes_test

import (
	"encoding/json"
	"testing"

	"github.com/dossier-data/dossier/changes"
	"github.com/dossier-data/dossier/schemas"
)

// TestAsWritten: a release record, with the nulls and derived date spans a
// release writes (nested ones too), equals the same record as its YAML
// file holds it; real differences remain.
func TestAsWritten(t *testing.T) {
	set, err := schemas.Default()
	if err != nil {
		t.Fatal(err)
	}
	var rel map[string]any
	json.Unmarshal([]byte(`{"id":"bledar-cuci","status":"active","withdrawn":null,"name":"Bledar Çuçi","type":"person",
		"aliases":null,"roles":[{"title":"interior minister","organization":null,"from":"2021","from_earliest":"2021-01-01",
		"from_latest":"2021-12-31","to":null,"to_earliest":null,"to_latest":null}],"notes":"x","name_latest":"kept: name is no date"}`), &rel)
	file := map[string]any{"id": "bledar-cuci", "status": "active", "name": "Bledar Çuçi", "type": "person",
		"roles": []any{map[string]any{"title": "interior minister", "from": "2021"}}, "notes": "y", "name_latest": "kept: name is no date"}
	old := changes.Snapshot{Records: []changes.Record{{Kind: "actor", ID: "bledar-cuci", Status: "active", Fields: rel}}}
	new := changes.Snapshot{Records: []changes.Record{{Kind: "actor", ID: "bledar-cuci", Status: "active", Fields: file}}}
	r := changes.Compare(old.AsWritten(set), new.AsWritten(set))
	if len(r.Changed) != 1 || len(r.Changed[0].Fields) != 1 || r.Changed[0].Fields[0].Field != "notes" {
		t.Fatalf("changes %+v, want only notes", r.Changed)
	}
	if raw := changes.Compare(old, new); len(raw.Changed) != 1 || len(raw.Changed[0].Fields) != 4 {
		t.Fatalf("without AsWritten: %+v, want notes, roles, withdrawn and aliases", raw.Changed)
	}
	if _, ok := rel["withdrawn"]; !ok || len(rel) != 9 {
		t.Fatal("AsWritten changed its input")
	}
}
