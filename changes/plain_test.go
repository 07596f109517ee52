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
		"aliases":null,"roles":[{"title":"interior minister","organization":null,"start_date":"2021","start_date_earliest":"2021-01-01",
		"start_date_latest":"2021-12-31","start_date_precision":"year","start_date_uncertain":false,"start_date_approximate":false,
		"end_date":null,"end_date_earliest":null,"end_date_latest":null,"end_date_precision":null,"end_date_uncertain":false,"end_date_approximate":false}],"notes":"x","name_latest":"kept: name is no date"}`), &rel)
	file := map[string]any{"id": "bledar-cuci", "status": "active", "name": "Bledar Çuçi", "type": "person",
		"roles": []any{map[string]any{"title": "interior minister", "start_date": "2021"}}, "notes": "y", "name_latest": "kept: name is no date"}
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
	// A flag the release writes false is the flag absent, or written
	// false, in the file; true is a change.
	fig := func(f map[string]any) changes.Snapshot {
		return changes.Snapshot{Records: []changes.Record{{Kind: "figure", ID: "f", Status: "active", Fields: f}}}
	}
	relFig := fig(map[string]any{"id": "f", "disputed": false})
	for _, f := range []map[string]any{{"id": "f"}, {"id": "f", "disputed": false}} {
		if r := changes.Compare(relFig.AsWritten(set), fig(f).AsWritten(set)); len(r.Changed) != 0 {
			t.Errorf("%v against the release's false flags: %+v", f, r.Changed)
		}
	}
	if r := changes.Compare(relFig.AsWritten(set), fig(map[string]any{"id": "f", "disputed": true}).AsWritten(set)); len(r.Changed) != 1 {
		t.Errorf("disputed set to true is no change: %+v", r.Changed)
	}
}
