package lsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

const quotePath = "records/quotes/cuci-police-not-responsible.yaml"

func code(d protocol.Diagnostic) string {
	if d.Code == nil {
		return ""
	}
	s, _ := d.Code.Value.(string)
	return s
}

// find returns the diagnostics of a rule.
func find(l []protocol.Diagnostic, rule string) []protocol.Diagnostic {
	var out []protocol.Diagnostic
	for _, d := range l {
		if code(d) == rule {
			out = append(out, d)
		}
	}
	return out
}

// The dataset of the repository is clean: the server publishes nothing.
// A misspelt speaker typed into an open quote gets its finding, at the
// value, with the rule as code, the hint as related information and the
// rule's documentation; fixing it clears the file.
func TestDiagnosticsOnEdit(t *testing.T) {
	c := startServer(t, testDataset(t), "")
	c.mu.Lock()
	n := len(c.diags)
	c.mu.Unlock()
	if n != 0 {
		t.Fatalf("a clean dataset got diagnostics: %v", c.diags)
	}
	src := c.read(quotePath)
	c.open(quotePath, src)
	// line 2 is "speaker: bledar-cuci"; make it bledar-cucci
	c.edit(quotePath, 2, rng(2, 19, 2, 19), "c")
	c.waitFor(quotePath)
	ds := find(c.diagnostics(quotePath), "ref-unresolved")
	if len(ds) != 1 {
		t.Fatalf("diagnostics %+v, want one ref-unresolved", c.diagnostics(quotePath))
	}
	d := ds[0]
	if d.Range != *rng(2, 9, 2, 21) {
		t.Errorf("range %+v, want 2:9-2:21 (the value)", d.Range)
	}
	if !strings.Contains(d.Message, `did you mean "bledar-cuci"?`) || *d.Severity != protocol.DiagnosticSeverityError {
		t.Errorf("message %q severity %v", d.Message, *d.Severity)
	}
	if d.CodeDescription == nil || !strings.HasSuffix(d.CodeDescription.HRef, "/docs/rules.md#ref-unresolved") {
		t.Errorf("code description %+v", d.CodeDescription)
	}
	if len(d.RelatedInformation) == 0 || !strings.HasPrefix(d.RelatedInformation[0].Message, "hint: ") {
		t.Errorf("related information %+v", d.RelatedInformation)
	}
	c.edit(quotePath, 3, rng(2, 19, 2, 20), "")
	c.waitFor(quotePath)
	if l := c.diagnostics(quotePath); len(l) != 0 {
		t.Errorf("fixed file still has %+v", l)
	}
}

// Deleting an actor on disk (outside the editor) marks at once the
// quotes that cite it; restoring it clears them.
func TestDeletedActorMarksQuotes(t *testing.T) {
	c := startServer(t, testDataset(t), "")
	actor := "records/actors/bledar-cuci.yaml"
	saved := c.read(actor)
	if err := os.Remove(filepath.Join(c.root, actor)); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{
		{URI: c.uri(actor), Type: uint32(protocol.FileChangeTypeDeleted)}}})
	c.waitFor(quotePath)
	for _, q := range []string{quotePath, "records/quotes/cuci-hospitality-code-violation.yaml"} {
		if len(find(c.diagnostics(q), "ref-unresolved")) != 1 {
			t.Errorf("%s: %+v, want ref-unresolved", q, c.diagnostics(q))
		}
	}
	c.write(actor, saved)
	c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{
		{URI: c.uri(actor), Type: uint32(protocol.FileChangeTypeCreated)}}})
	c.waitFor(quotePath)
	if l := c.diagnostics(quotePath); len(l) != 0 {
		t.Errorf("restored actor: %s still has %+v", quotePath, l)
	}
}

// dossier.yaml's severities apply as `dossier validate` applies them, and
// its own mistakes are findings on it.
func TestConfigSeverities(t *testing.T) {
	root := testDataset(t)
	c := startServer(t, root, "")
	q := "records/quotes/zz-new.yaml"
	c.open(q, strings.Replace(c.read(quotePath), "id: cuci-police-not-responsible", "id: zz-new", 1))
	c.waitFor(q)
	if ds := find(c.diagnostics(q), "quote-duplicate"); len(ds) != 1 || *ds[0].Severity != protocol.DiagnosticSeverityError {
		t.Fatalf("%+v, want a quote-duplicate error", c.diagnostics(q))
	}
	cfg := c.read("dossier.yaml")
	c.open("dossier.yaml", cfg+"rules:\n  quote-duplicate: warning\n  orphn: off\n")
	c.waitFor(q)
	if ds := find(c.diagnostics(q), "quote-duplicate"); len(ds) != 1 || *ds[0].Severity != protocol.DiagnosticSeverityWarning {
		t.Errorf("%+v, want a quote-duplicate warning", c.diagnostics(q))
	}
	if ds := find(c.diagnostics("dossier.yaml"), "config"); len(ds) != 1 || !strings.Contains(ds[0].Message, `did you mean "orphan"`) {
		t.Errorf("dossier.yaml: %+v", c.diagnostics("dossier.yaml"))
	}
	// a rule switched off does not run; its findings go
	c.edit("dossier.yaml", 2, nil, cfg+"rules:\n  quote-duplicate: off\n")
	c.waitFor(q)
	if l := c.diagnostics(q); len(l) != 0 {
		t.Errorf("quote-duplicate off: %+v", l)
	}
	if l := c.diagnostics("dossier.yaml"); len(l) != 0 {
		t.Errorf("dossier.yaml fixed: %+v", l)
	}
	// new limits: every file is read again under them
	c.edit("dossier.yaml", 3, nil, cfg+"limits:\n  max-string-size: 20\n")
	c.waitFor(q)
	if len(find(c.diagnostics(q), "limit")) == 0 {
		t.Errorf("max-string-size 20: %+v", c.diagnostics(q))
	}
}

// A burst of edits, one character at a time and faster than the server
// checks, ends in the diagnostics of the last text: none is lost, and the
// last round is about the last version.
func TestBurstOfEdits(t *testing.T) {
	c := startServer(t, testDataset(t), "")
	src := strings.Replace(c.read(quotePath), "speaker: bledar-cuci\n", "speaker: \n", 1)
	c.open(quotePath, src)
	version := int32(1)
	for i, ch := range "bledar-cucci" {
		version++
		at := uint32(9 + i)
		c.edit(quotePath, version, rng(2, at, 2, at), string(ch))
	}
	for {
		c.waitFor(quotePath)
		c.mu.Lock()
		v := c.versions[c.uri(quotePath)]
		c.mu.Unlock()
		if v != nil && int32(*v) == version {
			break
		}
	}
	ds := find(c.diagnostics(quotePath), "ref-unresolved")
	if len(ds) != 1 || !strings.Contains(ds[0].Message, `speaker "bledar-cucci"`) || ds[0].Range != *rng(2, 9, 2, 21) {
		t.Fatalf("after the burst: %+v", c.diagnostics(quotePath))
	}
}

// Text over max-file-size in the editor is a finding, never parsed; a
// hostile record (deep nesting, control characters) gets its findings;
// requests on either answer without failing.
func TestHostileBuffers(t *testing.T) {
	root := testDataset(t)
	cfg, _ := os.ReadFile(filepath.Join(root, "dossier.yaml"))
	os.WriteFile(filepath.Join(root, "dossier.yaml"), append(cfg, []byte("limits:\n  max-file-size: 2000\n")...), 0o644)
	c := startServer(t, root, "")
	big := "records/quotes/big.yaml"
	c.open(big, "id: big\ntext: "+strings.Repeat("x", 5000)+"\n")
	c.waitFor(big)
	if ds := find(c.diagnostics(big), "limit"); len(ds) != 1 || !strings.Contains(ds[0].Message, "over the limit of 2000 bytes") {
		t.Errorf("big buffer: %+v", c.diagnostics(big))
	}
	bad := "records/quotes/bad.yaml"
	c.open(bad, "id: bad\ntext: \"a\\u202eb\"\nnotes: "+strings.Repeat("[", 100)+strings.Repeat("]", 100)+"\n")
	c.waitFor(bad)
	if len(c.diagnostics(bad)) == 0 {
		t.Error("a hostile record has no findings")
	}
	for _, p := range []string{big, bad} {
		for _, m := range []string{"textDocument/hover", "textDocument/definition", "textDocument/completion", "textDocument/documentSymbol", "textDocument/codeAction", "textDocument/formatting"} {
			params := map[string]any{"textDocument": map[string]string{"uri": c.uri(p)}, "position": protocol.Position{Line: 1, Character: 8},
				"range": protocol.Range{}, "context": map[string]any{"diagnostics": []any{}}, "options": map[string]any{}}
			var raw any
			if err := c.call(m, params, &raw); err != nil && !strings.Contains(err.Error(), "format") && !strings.Contains(err.Error(), "errors") {
				t.Errorf("%s on %s: %v", m, p, err)
			}
		}
	}
}

// Outside a dataset the server starts, answers and publishes nothing.
func TestNoDataset(t *testing.T) {
	c := startServerNoWait(t, t.TempDir())
	var raw any
	if err := c.call("textDocument/hover", docPos(c, "x.yaml", 0, 0), &raw); err == nil {
		t.Errorf("hover outside a dataset: %v", raw)
	}
}

// Inline silences apply as dossier validate applies them: a silenced
// finding goes, a silence without a reason is an error of its own.
func TestSilences(t *testing.T) {
	c := startServer(t, testDataset(t), "")
	p := "records/places/lonely.yaml"
	place := "id: lonely\nstatus: active\nname: Lonely\ntype: site\n"
	c.open(p, place)
	c.waitFor(p)
	if len(find(c.diagnostics(p), "orphan")) != 1 {
		t.Fatalf("%+v, want an orphan warning", c.diagnostics(p))
	}
	c.edit(p, 2, nil, strings.Replace(place, "id: lonely\n", "id: lonely   # dossier:ignore orphan -- kept for a later event\n", 1))
	c.waitFor(p)
	if l := c.diagnostics(p); len(l) != 0 {
		t.Errorf("silenced: %+v", l)
	}
	c.edit(p, 3, nil, strings.Replace(place, "id: lonely\n", "id: lonely   # dossier:ignore orphan\n", 1))
	c.waitFor(p)
	if l := c.diagnostics(p); len(l) != 1 || code(l[0]) != "ignore-reason" {
		t.Errorf("a silence without a reason: %+v", l)
	}
}

// Moving the records folder away clears every finding of its files and
// says, as validate does, that there is no records folder; moving it back
// brings them back.
func TestRecordsFolderMoved(t *testing.T) {
	c := startServer(t, testDataset(t), "")
	actor := "records/actors/bledar-cuci.yaml"
	if err := os.Remove(filepath.Join(c.root, actor)); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{
		{URI: c.uri(actor), Type: uint32(protocol.FileChangeTypeDeleted)}}})
	c.waitFor(quotePath)
	if len(c.diagnostics(quotePath)) == 0 {
		t.Fatal("the deleted actor's quotes have no findings")
	}
	move := func(from, to string) {
		if err := os.Rename(filepath.Join(c.root, from), filepath.Join(c.root, to)); err != nil {
			t.Fatal(err)
		}
		c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{
			{URI: c.uri(from), Type: uint32(protocol.FileChangeTypeDeleted)}, {URI: c.uri(to), Type: uint32(protocol.FileChangeTypeCreated)}}})
		c.waitFor(quotePath)
	}
	move("records", "records.old")
	c.mu.Lock()
	for uri, l := range c.diags {
		if len(l) > 0 {
			t.Errorf("%s keeps %d findings after the records folder went", uri, len(l))
		}
	}
	said := strings.Join(c.messages, "\n")
	c.mu.Unlock()
	if !strings.Contains(said, "no records folder") {
		t.Errorf("messages %q, want one saying the records folder is missing", said)
	}
	move("records.old", "records")
	if len(find(c.diagnostics(quotePath), "ref-unresolved")) != 1 {
		t.Errorf("records folder back: %s has %+v, want ref-unresolved", quotePath, c.diagnostics(quotePath))
	}
}
