package main

import (
	"strings"
	"testing"
)

// TestGenThenValidate generates a dataset with the command and validates
// it: clean without faults, failing with them.
func TestGenThenValidate(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runIn(t, dir, []string{"dossier", "gen", "--records", "300", "--seed", "5", "clean"}, nil)
	if code != 0 {
		t.Fatalf("gen: exit %d: %s%s", code, out, errOut)
	}
	out, _, code = runIn(t, dir, []string{"dossier", "validate", "--strict", "clean/records"}, nil)
	if code != 0 || !strings.HasSuffix(string(out), "0 errors, 0 warnings in 300 files\n") {
		t.Fatalf("validate of a clean generated dataset: exit %d:\n%s", code, out)
	}
	out, errOut, code = runIn(t, dir, []string{"dossier", "gen", "--records", "300", "--seed", "5", "--faults", "1", "faulty"}, nil)
	if code != 0 || !strings.Contains(string(out), "injected") {
		t.Fatalf("gen --faults: exit %d: %s%s", code, out, errOut)
	}
	out, _, code = runIn(t, dir, []string{"dossier", "validate", "--format", "json", "faulty/records"}, nil)
	if code != 1 {
		t.Fatalf("validate of a faulty dataset: exit %d, want 1", code)
	}
	for _, rule := range []string{"yaml-syntax", "schema-enum", "ref-unresolved", "speaker-role", "orphan"} {
		if !strings.Contains(string(out), `"rule": "`+rule+`"`) {
			t.Errorf("no %s finding in the faulty dataset", rule)
		}
	}
}
