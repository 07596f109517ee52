package lsp

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func docPos(c *client, path string, line, char uint32) protocol.TextDocumentPositionParams {
	return protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(path)},
		Position: protocol.Position{Line: line, Character: char}}
}

// completion returns the labels and details of the items at a position
// of a document opened with src (| marks the position).
func (c *client) completion(path, src string) (map[string]string, protocol.CompletionList) {
	c.t.Helper()
	off := strings.Index(src, "|")
	src = strings.Replace(src, "|", "", 1)
	c.open(path, src)
	p := newText(src).position(off, utf16Enc)
	var list protocol.CompletionList
	var raw json.RawMessage
	if err := c.call("textDocument/completion", docPos(c, path, p.Line, p.Character), &raw); err != nil {
		c.t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		c.t.Fatal(err)
	}
	out := map[string]string{}
	for _, it := range list.Items {
		d := ""
		if it.Detail != nil {
			d = *it.Detail
		}
		out[it.Label] = d
	}
	return out, list
}

func TestCompletion(t *testing.T) {
	c := startServer(t, testDataset(t), "")
	q := "records/quotes/new-quote.yaml"
	// field names, with their schema descriptions, those written left out
	got, list := c.completion(q, "id: new-quote\nstatus: active\nspe|\n")
	if _, ok := got["speaker"]; !ok || got["id"] != "" && got["status"] != "" {
		t.Errorf("field names: %v", got)
	}
	if _, ok := got["id"]; ok {
		t.Error("a field already written is offered")
	}
	for _, it := range list.Items {
		if it.Label == "speaker" {
			doc, _ := json.Marshal(it.Documentation)
			if !strings.Contains(string(doc), "actor") {
				t.Errorf("speaker's documentation %s", doc)
			}
		}
	}
	// enum values
	if got, _ := c.completion(q, "id: new-quote\nmode: |\n"); len(got) != 2 || got["direct"] != "" || len(got) == 0 {
		if _, ok := got["indirect"]; !ok {
			t.Errorf("mode values: %v", got)
		}
	}
	// IDs of the right kind, with titles
	got, _ = c.completion(q, "id: new-quote\nspeaker: bled|\n")
	if d, ok := got["bledar-cuci"]; !ok || !strings.Contains(d, "actor: ") {
		t.Errorf("speaker IDs: %v", got)
	}
	for id := range got {
		if id == "camp-ashraf-3" {
			t.Error("a place is offered as a speaker")
		}
	}
	got, _ = c.completion(q, "id: new-quote\nsources:\n  - source: |\n")
	if _, ok := got["obc-mek-national-security"]; !ok || len(got) == 0 {
		t.Errorf("source IDs: %v", got)
	}
	got, _ = c.completion("records/events/new-event.yaml", "id: new-event\nplaces:\n  - camp|\n")
	if _, ok := got["camp-ashraf-3"]; !ok {
		t.Errorf("place IDs in a list: %v", got)
	}
	// a quote's role: the roles its speaker held at the quote's date
	actor := "records/actors/bledar-cuci.yaml"
	c.open(actor, "id: bledar-cuci\nstatus: active\nname: Bledar Çuçi\ntype: person\nroles:\n"+
		"  - title: interior minister\n    from: \"2021-09\"\n  - title: mayor\n    from: \"2015\"\n    to: \"2019~\"\n")
	c.waitFor(actor)
	got, _ = c.completion(q, "id: new-quote\nspeaker: bledar-cuci\ndate: \"2023-06-20\"\nrole: |\n")
	if _, ok := got["interior minister"]; !ok || len(got) != 1 {
		t.Errorf("roles at 2023-06-20: %v", got)
	}
	got, _ = c.completion(q, "id: new-quote\nspeaker: bledar-cuci\ndate: \"2019-12\"\nrole: |\n")
	if _, ok := got["mayor"]; !ok || len(got) != 1 {
		t.Errorf("roles at 2019-12 (mayor to 2019~): %v", got)
	}
	// EDTF date snippets
	_, list = c.completion(q, "id: new-quote\ndate: |\n")
	snippets := 0
	for _, it := range list.Items {
		if it.InsertTextFormat != nil && *it.InsertTextFormat == protocol.InsertTextFormatSnippet {
			snippets++
		}
	}
	if snippets < 5 {
		t.Errorf("%d date snippets", snippets)
	}
}

func TestNavigation(t *testing.T) {
	c := startServer(t, testDataset(t), "")
	src := c.read(quotePath)
	c.open(quotePath, src)
	// definition of the speaker (line 2, "speaker: bledar-cuci")
	var locs []protocol.Location
	if err := c.call("textDocument/definition", docPos(c, quotePath, 2, 12), &locs); err != nil {
		t.Fatal(err)
	}
	if len(locs) != 1 || locs[0].URI != c.uri("records/actors/bledar-cuci.yaml") || locs[0].Range.Start.Line != 0 {
		t.Fatalf("definition: %+v", locs)
	}
	// references of the actor's id: every quote that cites it
	actor := "records/actors/bledar-cuci.yaml"
	c.open(actor, c.read(actor))
	var refs []protocol.Location
	if err := c.call("textDocument/references", map[string]any{"textDocument": map[string]string{"uri": c.uri(actor)},
		"position": protocol.Position{Line: 0, Character: 6}, "context": map[string]bool{"includeDeclaration": false}}, &refs); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, r := range refs {
		found[r.URI] = true
	}
	if !found[c.uri(quotePath)] || !found[c.uri("records/quotes/cuci-hospitality-code-violation.yaml")] || found[c.uri(actor)] {
		t.Errorf("references: %v", found)
	}
	// hover on a reference: the record's kind, ID and title; on a key,
	// the field's description
	var h struct {
		Contents protocol.MarkupContent `json:"contents"`
	}
	if err := c.call("textDocument/hover", docPos(c, quotePath, 2, 12), &h); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.Contents.Value, "**actor** `bledar-cuci`") || !strings.Contains(h.Contents.Value, "referenced by") {
		t.Errorf("hover on a reference: %q", h.Contents.Value)
	}
	if err := c.call("textDocument/hover", docPos(c, quotePath, 2, 2), &h); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.Contents.Value, "**speaker** (ID of actor, required)") {
		t.Errorf("hover on a key: %q", h.Contents.Value)
	}
	// document symbols: the record's fields in order, items within
	var syms []protocol.DocumentSymbol
	if err := c.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]string{"uri": c.uri(quotePath)}}, &syms); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range syms {
		names = append(names, s.Name)
	}
	if strings.Join(names, " ") != "id status speaker role date text language mode about notes sources" {
		t.Errorf("symbols %v", names)
	}
	if last := syms[len(syms)-1]; len(last.Children) != 1 || len(last.Children[0].Children) != 2 || last.Range.End.Line != 14 {
		t.Errorf("sources symbol %+v", last)
	}
}

// A rename of an ID changes every reference and renames the file, as one
// workspace edit; an ID that a release tagged in git holds is refused.
func TestRename(t *testing.T) {
	root := testDataset(t)
	c := startServer(t, root, "")
	actor := "records/actors/bledar-cuci.yaml"
	c.open(actor, c.read(actor))
	var prep protocol.RangeWithPlaceholder
	if err := c.call("textDocument/prepareRename", docPos(c, actor, 0, 6), &prep); err != nil || prep.Placeholder != "bledar-cuci" {
		t.Fatalf("prepareRename: %+v %v", prep, err)
	}
	var edit struct {
		DocumentChanges []json.RawMessage `json:"documentChanges"`
	}
	params := map[string]any{"textDocument": map[string]string{"uri": c.uri(actor)}, "position": protocol.Position{Line: 0, Character: 6}, "newName": "bledar-cuci-2"}
	if err := c.call("textDocument/rename", params, &edit); err != nil {
		t.Fatal(err)
	}
	files, renames := map[string]int{}, 0
	for _, raw := range edit.DocumentChanges {
		var dc struct {
			Kind         string `json:"kind"`
			OldURI       string `json:"oldUri"`
			NewURI       string `json:"newUri"`
			TextDocument struct {
				URI     string `json:"uri"`
				Version *int   `json:"version"`
			} `json:"textDocument"`
			Edits []protocol.TextEdit `json:"edits"`
		}
		json.Unmarshal(raw, &dc)
		if dc.Kind == "rename" {
			renames++
			if dc.OldURI != c.uri(actor) || dc.NewURI != c.uri("records/actors/bledar-cuci-2.yaml") {
				t.Errorf("rename %s -> %s", dc.OldURI, dc.NewURI)
			}
			continue
		}
		for _, e := range dc.Edits {
			if e.NewText != "bledar-cuci-2" {
				t.Errorf("edit %+v", e)
			}
		}
		files[dc.TextDocument.URI] += len(dc.Edits)
		if dc.TextDocument.URI == c.uri(actor) && (dc.TextDocument.Version == nil || *dc.TextDocument.Version != 1) {
			t.Error("the open file is edited without its version")
		}
	}
	if renames != 1 || files[c.uri(quotePath)] != 1 || files[c.uri(actor)] != 1 || len(files) < 5 {
		t.Errorf("edits by file %v, %d renames", files, renames)
	}
	// released: a tag v0.1.0 whose records hold the ID
	git := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Skipf("git %v: %v %s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", "records")
	git("commit", "-q", "-m", "first release")
	git("tag", "v0.1.0")
	c2 := startServer(t, root, "")
	c2.open(actor, c2.read(actor))
	err := c2.call("textDocument/rename", params, &edit)
	if err == nil || !strings.Contains(err.Error(), "release v0.1.0") || !strings.Contains(err.Error(), "Withdraw") {
		t.Errorf("rename of a released ID: %v", err)
	}
	// A repository that git cannot read: whether the ID is released is
	// unknown, so no rename is made.
	broken := testDataset(t)
	if err := os.WriteFile(filepath.Join(broken, ".git"), []byte("gitdir: "+filepath.Join(broken, "gone")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c3 := startServer(t, broken, "")
	c3.open(actor, c3.read(actor))
	params["textDocument"] = map[string]string{"uri": c3.uri(actor)}
	err = c3.call("textDocument/rename", params, &edit)
	if err == nil || !strings.Contains(err.Error(), "cannot be told") || !strings.Contains(err.Error(), "git") {
		t.Errorf("rename in a repository git cannot read: %v", err)
	}
}

func TestCodeActions(t *testing.T) {
	c := startServer(t, testDataset(t), "")
	src := c.read(quotePath)
	src = strings.Replace(src, "speaker: bledar-cuci", "speaker: bledar-cucci", 1)
	src = strings.Replace(src, "    locator: para. 8\n", "", 1)
	c.open(quotePath, src)
	c.waitFor(quotePath)
	actions := func(line uint32) []protocol.CodeAction {
		var out []protocol.CodeAction
		var raw json.RawMessage
		if err := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]string{"uri": c.uri(quotePath)},
			"range":   protocol.Range{Start: protocol.Position{Line: line}, End: protocol.Position{Line: line, Character: 30}},
			"context": map[string]any{"diagnostics": []any{}}}, &raw); err != nil {
			t.Fatal(err)
		}
		json.Unmarshal(raw, &out)
		return out
	}
	var titles []string
	for _, a := range actions(2) {
		titles = append(titles, a.Title)
	}
	if len(titles) != 1 || titles[0] != `Change to "bledar-cuci"` {
		t.Errorf("actions on the speaker: %q", titles)
	}
	titles = nil
	for _, a := range actions(13) {
		titles = append(titles, a.Title)
		b, _ := json.Marshal(a.Edit)
		if !strings.Contains(string(b), `"newText":"\n    locator: \"\""`) {
			t.Errorf("locator edit %s", b)
		}
	}
	if len(titles) != 1 || !strings.HasPrefix(titles[0], "Add the locator") {
		t.Errorf("actions on the citation: %q", titles)
	}
	// a quote in the events folder: move it to quotes/
	ev := "records/events/misplaced-quote.yaml"
	c.open(ev, strings.Replace(c.read(quotePath), "id: cuci-police-not-responsible", "id: misplaced-quote", 1))
	c.waitFor(ev)
	var raw json.RawMessage
	c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]string{"uri": c.uri(ev)},
		"range": protocol.Range{}, "context": map[string]any{"diagnostics": []any{}}}, &raw)
	if !strings.Contains(string(raw), `"newUri":"`+c.uri("records/quotes/misplaced-quote.yaml")+`"`) {
		t.Errorf("no move to quotes/: %s", raw)
	}
}

func TestFormatting(t *testing.T) {
	c := startServer(t, testDataset(t), "")
	src := c.read(quotePath)
	messy := strings.Replace(src, "status: active\n", "", 1) + "status: active\n" // out of schema order
	c.open(quotePath, messy)
	var edits []protocol.TextEdit
	if err := c.call("textDocument/formatting", map[string]any{"textDocument": map[string]string{"uri": c.uri(quotePath)},
		"options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &edits); err != nil {
		t.Fatal(err)
	}
	if len(edits) != 1 || edits[0].NewText != src {
		t.Errorf("formatting: %+v", edits)
	}
	c.open(quotePath, "id: [\n")
	if err := c.call("textDocument/formatting", map[string]any{"textDocument": map[string]string{"uri": c.uri(quotePath)},
		"options": map[string]any{}}, &edits); err == nil || !strings.Contains(err.Error(), "errors") {
		t.Errorf("formatting a broken file: %v", err)
	}
}

// Positions are exchanged in the encoding the client offers: UTF-8 when
// it can, else UTF-16 (the default), counted exactly past non-ASCII and
// astral characters.
func TestPositionEncodings(t *testing.T) {
	root := testDataset(t)
	for _, enc := range []string{"utf-16", "utf-8", "utf-32"} {
		caps := `{"general":{"positionEncodings":["` + enc + `"]}}`
		if enc == "utf-16" {
			caps = `{}`
		}
		c := startServer(t, root, caps)
		// notes with an accented letter and an emoji (an astral character,
		// two UTF-16 units, four bytes) before a misspelt speaker on the
		// same line, in a flow mapping
		line := `{id: enc-test, notes: "Çuçi 😀 x", speaker: bledar-cucci}`
		q := "records/quotes/enc-test.yaml"
		c.open(q, line+"\n")
		c.waitFor(q)
		ds := find(c.diagnostics(q), "ref-unresolved")
		if len(ds) != 1 {
			t.Fatalf("%s: %+v", enc, c.diagnostics(q))
		}
		prefix := line[:strings.Index(line, "bledar-cucci")]
		want := map[string]int{"utf-8": len(prefix), "utf-16": len([]rune(prefix)) + 1, "utf-32": len([]rune(prefix))}[enc]
		if got := int(ds[0].Range.Start.Character); got != want || ds[0].Range.End.Character-ds[0].Range.Start.Character != 12 {
			t.Errorf("%s: range %+v, want start %d", enc, ds[0].Range, want)
		}
		// an incremental edit in the same encoding: fix the speaker
		at := uint32(want + len("bledar-cuc"))
		c.edit(q, 2, rng(0, at, 0, at+1), "")
		c.waitFor(q)
		if l := c.diagnostics(q); len(find(l, "ref-unresolved")) != 0 {
			t.Errorf("%s: after the fix %+v", enc, l)
		}
	}
}

// Incremental changes applied one after another give the text the editor
// has, in every encoding, around multi-byte and astral characters and
// CRLF line ends.
func TestTextApply(t *testing.T) {
	base := "a: é😀z\r\nb: x\n\nc: 😀😀\n"
	for _, enc := range []encoding{utf8Enc, utf16Enc, utf32Enc} {
		tx := newText(base)
		for _, e := range []struct {
			at   string // the text the range starts at (found once)
			n    int    // bytes it covers
			text string
		}{
			{"z\r\n", 1, "Z"},
			{"😀Z", len("😀Z"), "∑"},
			{"x\n\n", 1, "𝄞y"},
			{"\nc:", 1, "\nnew: 1"},
			{"😀😀", len("😀"), ""},
			{"\r\n", 2, "\n"},
		} {
			a := strings.Index(tx.s, e.at)
			if a < 0 || strings.Count(tx.s, e.at) != 1 {
				t.Fatalf("%q is not once in %q", e.at, tx.s)
			}
			b := a + e.n
			r := protocol.Range{Start: tx.position(a, enc), End: tx.position(b, enc)}
			want := tx.s[:a] + e.text + tx.s[b:]
			got, err := tx.apply(protocol.TextDocumentContentChangeEvent{Range: &r, Text: e.text}, enc)
			if err != nil || got != want {
				t.Fatalf("%s: %q, want %q (%v)", enc, got, want, err)
			}
			tx = newText(got)
		}
		if want := "a: é∑\nb: 𝄞y\n\nnew: 1c: 😀\n"; tx.s != want {
			t.Errorf("%s: %q, want %q", enc, tx.s, want)
		}
	}
	// the position past a line's end is its end; inside a surrogate pair,
	// the start of the character
	tx := newText("x😀y\nz")
	if o := tx.offset(protocol.Position{Line: 0, Character: 99}, utf16Enc); o != len("x😀y") {
		t.Errorf("past the end: %d", o)
	}
	if o := tx.offset(protocol.Position{Line: 0, Character: 2}, utf16Enc); o != 1 {
		t.Errorf("inside a surrogate pair: %d", o)
	}
	if p := tx.position(len("x😀"), utf16Enc); p.Character != 3 {
		t.Errorf("after the emoji: %+v", p)
	}
}

// gitIn returns a function that runs git in root; the test is skipped
// when git cannot run.
func gitIn(t *testing.T, root string) func(args ...string) {
	return func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Skipf("git %v: %v %s", args, err, out)
		}
	}
}

// A release tagged while the server runs holds its IDs at once; a tag
// deleted lets them go.
func TestReleaseTaggedWhileServing(t *testing.T) {
	root, git := committedDataset(t)
	c := startServer(t, root, "")
	place := "records/places/manze.yaml"
	c.open(place, c.read(place))
	params := map[string]any{"textDocument": map[string]string{"uri": c.uri(place)}, "position": protocol.Position{Line: 0, Character: 6}, "newName": "manze-2"}
	var edit json.RawMessage
	if err := c.call("textDocument/rename", params, &edit); err != nil {
		t.Fatalf("no release yet: %v", err)
	}
	git("tag", "v0.1.0")
	if err := c.call("textDocument/rename", params, &edit); err == nil || !strings.Contains(err.Error(), "release v0.1.0") {
		t.Errorf("rename after v0.1.0 was tagged: %v, want it refused", err)
	}
	git("tag", "-d", "v0.1.0")
	if err := c.call("textDocument/rename", params, &edit); err != nil {
		t.Errorf("rename after the tag was deleted: %v", err)
	}
}

// id-duplicate reports the copy that git's last commit does not hold; a
// commit made while the server runs counts from the next round, as it
// does for `dossier validate`: once both copies are committed, both are
// reported.
func TestCommitWhileServing(t *testing.T) {
	root, git := committedDataset(t)
	c := startServer(t, root, "")
	actor, copied := "records/actors/bledar-cuci.yaml", "records/actors/zz-copy.yaml"
	c.write(copied, c.read(actor))
	c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{
		{URI: c.uri(copied), Type: uint32(protocol.FileChangeTypeCreated)}}})
	c.waitFor(copied)
	if len(find(c.diagnostics(copied), "id-duplicate")) != 1 || len(find(c.diagnostics(actor), "id-duplicate")) != 0 {
		t.Fatalf("before the commit: copy %+v, original %+v; want the copy reported", c.diagnostics(copied), c.diagnostics(actor))
	}
	git("add", "records")
	git("commit", "-q", "-m", "the copy")
	c.open(quotePath, c.read(quotePath)) // any change makes a round
	c.waitFor(quotePath)
	if len(find(c.diagnostics(copied), "id-duplicate")) != 1 || len(find(c.diagnostics(actor), "id-duplicate")) != 1 {
		t.Errorf("after the commit: copy %+v, original %+v; want both reported", c.diagnostics(copied), c.diagnostics(actor))
	}
}

// committedDataset makes a copy of the test dataset whose records are
// committed in a git repository, and returns it with a function that runs
// git there.
func committedDataset(t *testing.T) (string, func(args ...string)) {
	t.Helper()
	root := testDataset(t)
	git := gitIn(t, root)
	git("init", "-q")
	git("add", "records")
	git("commit", "-q", "-m", "records")
	return root, git
}
