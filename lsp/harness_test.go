package lsp

import (
	"context"
	"encoding/json"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// A test client: it talks to a server over an in-memory pipe through the
// same JSON-RPC framing an editor uses, and keeps what the server
// publishes.

type client struct {
	t    *testing.T
	conn *jsonrpc2.Conn
	root string

	mu       sync.Mutex
	diags    map[string][]protocol.Diagnostic // by URI, the last published
	versions map[string]*protocol.UInteger
	messages []string
	rounds   chan round       // each round of checks
	sent     map[string]int32 // the last version sent of each dataset path
	edits    []json.RawMessage
	done     chan error
}

// clientHandler answers the server's requests and keeps its
// notifications.
type clientHandler struct{ c *client }

func (h clientHandler) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	c := h.c
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p protocol.PublishDiagnosticsParams
		var codes struct {
			Diagnostics []struct {
				Code any `json:"code"`
			} `json:"diagnostics"`
		}
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			c.t.Errorf("publishDiagnostics: %v", err)
			return
		}
		json.Unmarshal(*req.Params, &codes) // protocol.IntegerOrString does not decode
		for i := range p.Diagnostics {
			p.Diagnostics[i].Code = &protocol.IntegerOrString{Value: codes.Diagnostics[i].Code}
		}
		c.mu.Lock()
		c.diags[p.URI] = p.Diagnostics
		c.versions[p.URI] = p.Version
		c.mu.Unlock()
	case "$/dossier/round":
		var r struct {
			Checked, Published []string
			Versions           map[string]int32
		}
		json.Unmarshal(*req.Params, &r)
		c.rounds <- round{append(r.Published, r.Checked...), r.Versions}
	case "window/showMessage":
		var p protocol.ShowMessageParams
		json.Unmarshal(*req.Params, &p)
		c.mu.Lock()
		c.messages = append(c.messages, p.Message)
		c.mu.Unlock()
	case "workspace/applyEdit":
		c.mu.Lock()
		c.edits = append(c.edits, *req.Params)
		c.mu.Unlock()
		conn.Reply(ctx, req.ID, map[string]bool{"applied": true})
	default:
		if !req.Notif {
			conn.Reply(ctx, req.ID, nil)
		}
	}
}

// dataset copies the repository's dataset (records, dossier.yaml and
// docs/rules.md) into a temporary folder and returns its root.
func testDataset(t testing.TB) string {
	t.Helper()
	root := t.TempDir()
	src, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	copyFile := func(rel string) {
		b, err := os.ReadFile(filepath.Join(src, rel))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err = filepath.WalkDir(filepath.Join(src, "records"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		copyFile(rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	copyFile("dossier.yaml")
	copyFile(filepath.Join("docs", "rules.md"))
	return root
}

// startServer starts a server for the dataset at root and initializes it
// with the capabilities given (a JSON object; "" for a client that
// offers a typical set).
func startServer(t *testing.T, root, capabilities string) *client {
	t.Helper()
	c := start(t, root, capabilities, 5*time.Millisecond)
	c.round() // the dataset loaded
	return c
}

// startServerDelay is startServer with the least time between two rounds
// of checks given: a long one leaves edits waiting for their round.
func startServerDelay(t *testing.T, root string, delay time.Duration) *client {
	t.Helper()
	c := start(t, root, "", delay)
	c.round()
	return c
}

// startServerNoWait starts a server for a folder that may hold no
// dataset.
func startServerNoWait(t *testing.T, root string) *client {
	return start(t, root, "{}", 5*time.Millisecond)
}

func start(t *testing.T, root, capabilities string, delay time.Duration) *client {
	t.Helper()
	if capabilities == "" {
		capabilities = `{"general":{"positionEncodings":["utf-16"]},
			"textDocument":{"publishDiagnostics":{"relatedInformation":true,"codeDescriptionSupport":true},
				"completion":{"completionItem":{"snippetSupport":true}},"hover":{"contentFormat":["markdown","plaintext"]},
				"documentSymbol":{"hierarchicalDocumentSymbolSupport":true}},
			"workspace":{"workspaceEdit":{"documentChanges":true,"resourceOperations":["create","rename","delete"]},
				"didChangeWatchedFiles":{"dynamicRegistration":true}}}`
	}
	serverSide, clientSide := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	c := &client{t: t, root: root, diags: map[string][]protocol.Diagnostic{}, versions: map[string]*protocol.UInteger{},
		rounds: make(chan round, 1000), sent: map[string]int32{}, done: make(chan error, 1)}
	opts := Options{Version: "test", Delay: delay, Log: testLog{t}, rounds: true}
	go func() { c.done <- Serve(ctx, serverSide, opts) }()
	c.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(clientSide, jsonrpc2.VSCodeObjectCodec{}), clientHandler{c})
	t.Cleanup(func() {
		c.conn.Call(context.Background(), "shutdown", nil, nil)
		c.conn.Notify(context.Background(), "exit", nil)
		select {
		case <-c.done:
		case <-time.After(10 * time.Second):
			t.Error("the server did not stop after exit")
		}
		cancel()
		clientSide.Close()
	})
	var res json.RawMessage
	init := `{"processId":null,"rootUri":"` + fileURI(root) + `","capabilities":` + capabilities + `}`
	if err := c.conn.Call(ctx, "initialize", json.RawMessage(init), &res); err != nil {
		t.Fatal(err)
	}
	c.notify("initialized", struct{}{})
	return c
}

type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatal(err)
	}
}

func (c *client) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return c.conn.Call(ctx, method, params, result)
}

// round is what the server reports of one round of checks: the paths it
// checked or published, and the versions of the open documents among them.
type round struct {
	paths    []string
	versions map[string]int32
}

// round waits for the next round of checks.
func (c *client) round() round {
	c.t.Helper()
	select {
	case r := <-c.rounds:
		return r
	case <-time.After(120 * time.Second):
		c.t.Fatal("no round of checks came")
	}
	return round{}
}

// waitFor waits for rounds until one checks or publishes path (a dataset
// path) at the last version sent of it, when it is open: a round that
// began before the last edit does not count.
func (c *client) waitFor(path string) {
	c.t.Helper()
	for {
		r := c.round()
		for _, p := range r.paths {
			if p == path && r.versions[p] >= c.sent[path] {
				return
			}
		}
	}
}

func (c *client) uri(path string) string {
	return fileURI(filepath.Join(c.root, filepath.FromSlash(path)))
}

// diagnostics returns what was last published for a dataset path.
func (c *client) diagnostics(path string) []protocol.Diagnostic {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.diags[c.uri(path)]
}

func (c *client) read(path string) string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(path)))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

func (c *client) write(path, content string) {
	c.t.Helper()
	p := filepath.Join(c.root, filepath.FromSlash(path))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// open opens a dataset file in the editor with the given text.
func (c *client) open(path, content string) {
	c.sent[path] = 1
	c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: c.uri(path), LanguageID: "yaml", Version: 1, Text: content}})
}

// edit sends one change of a range (nil: the whole text).
func (c *client) edit(path string, version int32, r *protocol.Range, newText string) {
	c.sent[path] = version
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": c.uri(path), "version": version},
		"contentChanges": []protocol.TextDocumentContentChangeEvent{{Range: r, Text: newText}},
	})
}

func rng(l1, c1, l2, c2 uint32) *protocol.Range {
	return &protocol.Range{Start: protocol.Position{Line: l1, Character: c1}, End: protocol.Position{Line: l2, Character: c2}}
}
