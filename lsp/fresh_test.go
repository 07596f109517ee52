package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Requests that read the dataset answer from a dataset that has taken in
// every edit sent before them. The server below waits long between two
// rounds of checks, so that a request sent right after an edit comes
// before that edit's round: answered from the dataset as it was, its
// edits would land on the text the user just typed.

const slowRounds = 300 * time.Millisecond

// textEdits returns the text edits of a workspace edit sent as
// documentChanges, by URI, with the version each is stamped with.
func textEdits(t *testing.T, raw json.RawMessage) map[string][]stampedEdit {
	t.Helper()
	var w struct {
		DocumentChanges []struct {
			TextDocument *struct {
				URI     string `json:"uri"`
				Version *int32 `json:"version"`
			} `json:"textDocument"`
			Edits []protocol.TextEdit `json:"edits"`
		} `json:"documentChanges"`
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	out := map[string][]stampedEdit{}
	for _, dc := range w.DocumentChanges {
		if dc.TextDocument == nil {
			continue // a file renamed
		}
		for _, e := range dc.Edits {
			out[dc.TextDocument.URI] = append(out[dc.TextDocument.URI], stampedEdit{e, dc.TextDocument.Version})
		}
	}
	return out
}

type stampedEdit struct {
	protocol.TextEdit
	version *int32
}

func (e stampedEdit) String() string {
	v := "none"
	if e.version != nil {
		v = fmt.Sprint(*e.version)
	}
	return fmt.Sprintf("%+v -> %q at version %s", e.Range, e.NewText, v)
}

// textAt returns the text an edit's range covers in src.
func textAt(src string, r protocol.Range) string {
	t := newText(src)
	return src[t.offset(r.Start, utf16Enc):t.offset(r.End, utf16Enc)]
}

// A rename asked right after an edit that takes a reference away does
// not edit that reference's old place.
func TestRenameSeesLastEdit(t *testing.T) {
	c, actor, src := openQuoteAndActor(t)
	v3 := strings.Replace(src, "speaker: bledar-cuci", "speaker: edi-rama", 1)
	c.edit(quotePath, 2, nil, src+"\n")
	c.edit(quotePath, 3, nil, v3)
	var raw json.RawMessage
	if err := c.call("textDocument/rename", map[string]any{"textDocument": map[string]string{"uri": c.uri(actor)},
		"position": protocol.Position{Line: 0, Character: 6}, "newName": "bledar-cuci-2"}, &raw); err != nil {
		t.Fatal(err)
	}
	edits := textEdits(t, raw)
	if l := edits[c.uri(quotePath)]; len(l) > 0 {
		t.Errorf("the quote no longer cites bledar-cuci, yet the rename edits it: %+v", l)
	}
	if l := edits[c.uri(actor)]; len(l) != 1 || textAt(c.read(actor), l[0].Range) != "bledar-cuci" {
		t.Errorf("edits of the actor: %+v", l)
	}
	other := c.uri("records/quotes/cuci-hospitality-code-violation.yaml")
	if l := edits[other]; len(l) != 1 || textAt(c.read("records/quotes/cuci-hospitality-code-violation.yaml"), l[0].Range) != "bledar-cuci" {
		t.Errorf("edits of a quote that still cites the actor: %+v", l)
	}
}

// References asked right after such an edit leave the quote out.
func TestReferencesSeeLastEdit(t *testing.T) {
	c, actor, src := openQuoteAndActor(t)
	c.edit(quotePath, 2, nil, src+"\n")
	c.edit(quotePath, 3, nil, strings.Replace(src, "speaker: bledar-cuci", "speaker: edi-rama", 1))
	var refs []protocol.Location
	if err := c.call("textDocument/references", map[string]any{"textDocument": map[string]string{"uri": c.uri(actor)},
		"position": protocol.Position{Line: 0, Character: 6}, "context": map[string]bool{"includeDeclaration": false}}, &refs); err != nil {
		t.Fatal(err)
	}
	for _, r := range refs {
		if r.URI == c.uri(quotePath) {
			t.Errorf("the quote no longer cites bledar-cuci, yet it is a reference at %+v", r.Range)
		}
	}
	if len(refs) == 0 {
		t.Error("no references left")
	}
}

// A quick fix asked right after a line was added above its finding
// replaces the misspelt ID where it is now, stamped with that version.
func TestCodeActionsSeeLastEdit(t *testing.T) {
	c := startServerDelay(t, testDataset(t), slowRounds)
	src := strings.Replace(c.read(quotePath), "speaker: bledar-cuci", "speaker: bledar-cuc", 1)
	c.open(quotePath, src)
	c.waitFor(quotePath)
	v3 := "# a comment line added at the top\n" + src
	c.edit(quotePath, 2, nil, src+"\n")
	c.edit(quotePath, 3, rng(0, 0, 0, 0), "# a comment line added at the top\n")
	var raw []json.RawMessage
	if err := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]string{"uri": c.uri(quotePath)},
		"range": rng(0, 0, 40, 0), "context": map[string]any{"diagnostics": []any{}}}, &raw); err != nil {
		t.Fatal(err)
	}
	fixes := 0
	for _, a := range raw {
		var action struct {
			Title string          `json:"title"`
			Edit  json.RawMessage `json:"edit"`
		}
		json.Unmarshal(a, &action)
		for _, l := range textEdits(t, action.Edit) {
			for _, e := range l {
				if got := textAt(v3, e.Range); e.version == nil || *e.version != 3 || got != "bledar-cuc" {
					t.Errorf("%q replaces %q: %v, want bledar-cuc at version 3", action.Title, got, e)
				}
				fixes++
			}
		}
	}
	if fixes != 1 {
		t.Errorf("%d edits, want the one that changes the speaker", fixes)
	}
}

// A rename sent between two edits is either answered from the text it was
// sent against or refused as ContentModified: never answered from a
// dataset that holds the later edit, stamped with the earlier version.
func TestRenameBetweenEdits(t *testing.T) {
	c := startServerDelay(t, testDataset(t), slowRounds)
	src := c.read(quotePath)
	c.open(quotePath, src)
	c.waitFor(quotePath)
	v2 := src + "\n"
	v3 := strings.Replace(v2, "speaker: bledar-cuci", "speaker: edi-rama", 1)
	c.edit(quotePath, 2, nil, v2)
	w, err := c.conn.DispatchCall(context.Background(), "textDocument/rename", map[string]any{
		"textDocument": map[string]string{"uri": c.uri(quotePath)}, "position": protocol.Position{Line: 2, Character: 12},
		"newName": "bledar-cuci-2"})
	if err != nil {
		t.Fatal(err)
	}
	c.edit(quotePath, 3, nil, v3)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var raw json.RawMessage
	err = w.Wait(ctx, &raw)
	var je *jsonrpc2.Error
	switch {
	case errors.As(err, &je) && je.Code == contentModified:
		t.Log("refused: the round took in the later edit too")
		return
	case err != nil:
		t.Fatal(err)
	}
	l := textEdits(t, raw)[c.uri(quotePath)]
	if len(l) != 1 || l[0].version == nil || *l[0].version != 2 || textAt(v2, l[0].Range) != "bledar-cuci" {
		t.Errorf("edits of the quote: %+v, want bledar-cuci at version 2", l)
	}
}

// openQuoteAndActor starts a server whose rounds are slow, so that a
// request lands before its edit's round, and opens the quote and its
// speaker; it returns the client, the actor's path and the quote's text.
func openQuoteAndActor(t *testing.T) (*client, string, string) {
	t.Helper()
	c := startServerDelay(t, testDataset(t), slowRounds)
	actor := "records/actors/bledar-cuci.yaml"
	src := c.read(quotePath)
	c.open(quotePath, src)
	c.open(actor, c.read(actor))
	c.waitFor(quotePath)
	return c, actor, src
}
