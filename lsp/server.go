package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Options configure a server. The zero value serves the embedded schemas
// with the default delay.
type Options struct {
	Schemas *schemas.Set // nil: the schemas embedded in the binary
	Version string       // the dossier version, given to the client
	// Delay is the least time between two rounds of checks; 0: 30 ms. An
	// edit after a quiet spell is checked at once, a burst of edits once
	// per delay.
	Delay time.Duration
	// Jobs is the number of parallel workers of a whole run; 0: one per
	// CPU.
	Jobs int
	// Log receives the server's own troubles (never the protocol);
	// nil: discarded.
	Log io.Writer

	// rounds, when set (tests), has the server notify the client of the
	// end of each round of checks ($/dossier/round, with the paths whose
	// diagnostics it published), after those diagnostics.
	rounds bool
}

// ErrNoShutdown is Serve's error when the client sent exit without asking
// the server to shut down first; the protocol wants exit code 1 then.
var ErrNoShutdown = errors.New("the client exited without shutting down")

// Serve runs a language server on a connection (stdin and stdout for
// `dossier lsp`) until the client exits or the connection closes.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	if opts.Schemas == nil {
		set, err := schemas.Default()
		if err != nil {
			return err
		}
		opts.Schemas = set
	}
	if opts.Delay <= 0 {
		opts.Delay = 30 * time.Millisecond
	}
	if opts.Jobs <= 0 {
		opts.Jobs = runtime.GOMAXPROCS(0)
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &Server{opts: opts, ctx: ctx, docs: map[string]*document{}, enc: utf16Enc, wake: make(chan struct{}, 1),
		roundDone: make(chan struct{}), cancels: map[jsonrpc2.ID]context.CancelFunc{}, published: map[string]diag.List{}, logf: log.New(opts.Log, "dossier lsp: ", 0).Printf}
	s.connected = make(chan struct{})
	st := newStream(rwc, s.logf)
	s.conn = jsonrpc2.NewConn(ctx, st, s, jsonrpc2.SetLogger(log.New(opts.Log, "dossier lsp: ", 0)))
	close(s.connected) // the connection reads from the start: Handle waits for s.conn
	go s.checkLoop()
	select {
	case <-s.conn.DisconnectNotify():
	case <-ctx.Done():
		s.conn.Close()
		return nil
	}
	s.mu.Lock()
	exited, exitErr := s.exited, s.exitErr
	s.mu.Unlock()
	if exited {
		return exitErr
	}
	if err := st.err(); err != nil {
		// the editor restarts a server that ends with an error
		return fmt.Errorf("reading the client's messages: %w", err)
	}
	return nil
}

// Server is one connection's state: the documents the editor holds, the
// dataset in memory, and what was last published.
type Server struct {
	opts      Options
	ctx       context.Context
	conn      *jsonrpc2.Conn
	connected chan struct{} // closed once conn is set
	logf      func(format string, args ...any)

	mu        sync.Mutex           // guards the fields below it up to dsMu
	docs      map[string]*document // by URI
	enc       encoding
	caps      clientCaps
	root      string // the dataset root, absolute; "" until known
	pending   map[string]bool
	relist    bool // files appeared or went away: list the records folder again
	reload    bool // dossier.yaml changed: read everything again
	shutdown  bool
	exited    bool  // the client sent exit
	exitErr   error // ErrNoShutdown, when it had not asked to shut down
	cancels   map[jsonrpc2.ID]context.CancelFunc
	rel       *releases
	loadStart time.Time
	// gen counts the changes noted for the check loop (poke); checked is
	// the gen the last round took in, and roundDone is closed when a
	// round ends: a request waits for the round that takes in what came
	// before it.
	gen, checked uint64
	roundDone    chan struct{}

	wake chan struct{}

	// dsMu guards ds and dsGen, the gen it holds: the check loop holds it
	// to change the dataset, requests to read it.
	dsMu  sync.RWMutex
	ds    *dataset
	dsGen uint64
	lim   atomic.Pointer[config.Limits] // the dataset's limits, once loaded

	published map[string]diag.List // by dataset path; owned by the check loop
	lastRound time.Time            // when the last round ended; owned by the check loop
}

// document is a file the editor holds open.
type document struct {
	uri     string
	path    string // dataset path; "" when outside the dataset
	version int32
	text    *text
}

// clientCaps are what the server uses of the client's capabilities.
type clientCaps struct {
	related          bool // diagnostics' related information
	codeDescription  bool
	documentChanges  bool // workspace edits as documentChanges
	renameFiles      bool // and those may rename files
	watchRegister    bool // file watching registered by the server
	snippets         bool
	markdown         bool
	symbolsHierarchy bool
}

// Handle implements jsonrpc2.Handler. Notifications are handled in order
// as they come, at once (they only record what changed); requests are
// answered on their own goroutines, against the documents as they were
// when the request came (and the dataset once it holds them: dataset).
func (s *Server) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	<-s.connected
	var params json.RawMessage
	if req.Params != nil {
		params = *req.Params
	}
	if req.Notif {
		if err := s.notification(req.Method, params); err != nil {
			s.logf("%s: %v", req.Method, err)
		}
		return
	}
	switch req.Method {
	case "initialize", "shutdown":
		res, err := s.lifecycle(req.Method, params)
		s.reply(ctx, req.ID, res, err)
		return
	}
	h := requests[req.Method]
	s.mu.Lock()
	down := s.shutdown
	s.mu.Unlock()
	switch {
	case h == nil:
		s.reply(ctx, req.ID, nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method})
		return
	case down:
		s.reply(ctx, req.ID, nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "the server is shutting down"})
		return
	}
	rctx, cancel := context.WithCancel(s.ctx)
	s.mu.Lock()
	s.cancels[req.ID] = cancel
	snap := s.snapshot()
	s.mu.Unlock()
	go func() {
		defer func() {
			if r := recover(); r != nil {
				s.logf("%s: internal error: %v", req.Method, r)
				s.reply(ctx, req.ID, nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: fmt.Sprintf("internal error: %v", r)})
			}
		}()
		res, err := h(rctx, s, snap, params)
		s.mu.Lock()
		delete(s.cancels, req.ID)
		s.mu.Unlock()
		if rctx.Err() != nil && err == nil {
			err = &jsonrpc2.Error{Code: requestCancelled, Message: "cancelled"}
		}
		cancel()
		s.reply(ctx, req.ID, res, err)
	}()
}

// The protocol's error codes of a cancelled request, of one whose answer
// a change made since would make wrong, and of one that failed.
const (
	requestCancelled = -32800
	contentModified  = -32801
	requestFailed    = -32803
)

func (s *Server) reply(ctx context.Context, id jsonrpc2.ID, res any, err error) {
	if err != nil {
		var je *jsonrpc2.Error
		if !errors.As(err, &je) {
			je = &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: err.Error()}
		}
		if e := s.conn.ReplyWithError(ctx, id, je); e != nil {
			s.logf("reply: %v", e)
		}
		return
	}
	if e := s.conn.Reply(ctx, id, res); e != nil {
		s.logf("reply: %v", e)
	}
}

// initParams are what the server reads of initialize's parameters.
type initParams struct {
	RootURI          *string `json:"rootUri"`
	RootPath         *string `json:"rootPath"`
	WorkspaceFolders []struct {
		URI string `json:"uri"`
	} `json:"workspaceFolders"`
	Capabilities struct {
		General struct {
			PositionEncodings []string `json:"positionEncodings"`
		} `json:"general"`
		TextDocument struct {
			PublishDiagnostics struct {
				RelatedInformation     bool `json:"relatedInformation"`
				CodeDescriptionSupport bool `json:"codeDescriptionSupport"`
			} `json:"publishDiagnostics"`
			Completion struct {
				CompletionItem struct {
					SnippetSupport bool `json:"snippetSupport"`
				} `json:"completionItem"`
			} `json:"completion"`
			Hover struct {
				ContentFormat []string `json:"contentFormat"`
			} `json:"hover"`
			DocumentSymbol struct {
				Hierarchical bool `json:"hierarchicalDocumentSymbolSupport"`
			} `json:"documentSymbol"`
		} `json:"textDocument"`
		Workspace struct {
			WorkspaceEdit struct {
				DocumentChanges    bool     `json:"documentChanges"`
				ResourceOperations []string `json:"resourceOperations"`
			} `json:"workspaceEdit"`
			DidChangeWatchedFiles struct {
				DynamicRegistration bool `json:"dynamicRegistration"`
			} `json:"didChangeWatchedFiles"`
		} `json:"workspace"`
	} `json:"capabilities"`
}

// serverCapabilities adds to the 3.16 capabilities the position
// encoding of 3.17.
type serverCapabilities struct {
	protocol.ServerCapabilities
	PositionEncoding string `json:"positionEncoding,omitempty"`
}

type initializeResult struct {
	Capabilities serverCapabilities                   `json:"capabilities"`
	ServerInfo   *protocol.InitializeResultServerInfo `json:"serverInfo,omitempty"`
}

func (s *Server) lifecycle(method string, params json.RawMessage) (any, error) {
	switch method {
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil, nil
	}
	var p initParams
	if len(params) > 0 {
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, err
		}
	}
	c := p.Capabilities
	enc := utf16Enc
	for _, want := range []encoding{utf8Enc, utf32Enc} {
		if contains(c.General.PositionEncodings, string(want)) {
			enc = want
			break
		}
	}
	caps := clientCaps{
		related:          c.TextDocument.PublishDiagnostics.RelatedInformation,
		codeDescription:  c.TextDocument.PublishDiagnostics.CodeDescriptionSupport,
		documentChanges:  c.Workspace.WorkspaceEdit.DocumentChanges,
		renameFiles:      contains(c.Workspace.WorkspaceEdit.ResourceOperations, "rename"),
		watchRegister:    c.Workspace.DidChangeWatchedFiles.DynamicRegistration,
		snippets:         c.TextDocument.Completion.CompletionItem.SnippetSupport,
		markdown:         contains(c.TextDocument.Hover.ContentFormat, "markdown"),
		symbolsHierarchy: c.TextDocument.DocumentSymbol.Hierarchical,
	}
	var candidates []string
	for _, f := range p.WorkspaceFolders {
		candidates = append(candidates, f.URI)
	}
	if p.RootURI != nil {
		candidates = append(candidates, *p.RootURI)
	}
	root := ""
	for _, u := range candidates {
		if dir, ok := uriPath(u); ok {
			if r, ok := config.FindRoot(dir); ok {
				root = r
				break
			}
		}
	}
	if root == "" && p.RootPath != nil && *p.RootPath != "" {
		if r, ok := config.FindRoot(*p.RootPath); ok {
			root = r
		}
	}
	s.mu.Lock()
	s.enc, s.caps = enc, caps
	if root != "" {
		s.setRoot(root)
	}
	s.mu.Unlock()

	full := protocol.TextDocumentSyncKindIncremental
	version := s.opts.Version
	res := initializeResult{ServerInfo: &protocol.InitializeResultServerInfo{Name: "dossier", Version: &version}}
	sc := &res.Capabilities
	sc.PositionEncoding = string(enc)
	sc.TextDocumentSync = protocol.TextDocumentSyncOptions{OpenClose: &protocol.True, Change: &full, Save: true}
	sc.CompletionProvider = &protocol.CompletionOptions{TriggerCharacters: []string{":", " ", "-", "/"}}
	sc.HoverProvider = true
	sc.DefinitionProvider = true
	sc.ReferencesProvider = true
	sc.DocumentSymbolProvider = true
	sc.CodeActionProvider = protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}}
	sc.DocumentFormattingProvider = true
	sc.RenameProvider = protocol.RenameOptions{PrepareProvider: &protocol.True}
	return res, nil
}

// setRoot sets the dataset root; the first check loads it. s.mu is held.
func (s *Server) setRoot(root string) {
	if s.root != "" {
		return
	}
	s.root = root
	s.reload = true
	s.loadStart = time.Now()
	for _, d := range s.docs {
		d.path = s.pathOf(d.uri)
	}
	s.poke()
}

// notification handles one notification.
func (s *Server) notification(method string, params json.RawMessage) error {
	switch method {
	case "initialized":
		s.mu.Lock()
		watch := s.caps.watchRegister
		s.mu.Unlock()
		if watch {
			go s.registerWatchers()
		}
	case "exit":
		s.mu.Lock()
		s.exited = true
		if !s.shutdown {
			s.exitErr = ErrNoShutdown
		}
		s.mu.Unlock()
		s.conn.Close()
	case "$/cancelRequest":
		var p struct {
			ID jsonrpc2.ID `json:"id"`
		}
		if err := json.Unmarshal(params, &p); err != nil {
			return err
		}
		s.mu.Lock()
		if c := s.cancels[p.ID]; c != nil {
			c()
		}
		s.mu.Unlock()
	case "textDocument/didOpen":
		var p protocol.DidOpenTextDocumentParams
		if err := json.Unmarshal(params, &p); err != nil {
			return err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		d := &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, text: newText(p.TextDocument.Text)}
		if s.root == "" {
			if file, ok := uriPath(d.uri); ok {
				if r, ok := config.FindRoot(file); ok {
					s.setRoot(r)
				}
			}
		}
		d.path = s.pathOf(d.uri)
		s.docs[d.uri] = d
		s.changed(d.path, false)
	case "textDocument/didChange":
		var p struct {
			TextDocument   protocol.VersionedTextDocumentIdentifier  `json:"textDocument"`
			ContentChanges []protocol.TextDocumentContentChangeEvent `json:"contentChanges"`
		}
		if err := json.Unmarshal(params, &p); err != nil {
			return err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		d := s.docs[p.TextDocument.URI]
		if d == nil {
			return fmt.Errorf("%s is not open", p.TextDocument.URI)
		}
		for _, c := range p.ContentChanges {
			t, err := d.text.apply(c, s.enc)
			if err != nil {
				return err
			}
			d.text = newText(t)
		}
		d.version = p.TextDocument.Version
		s.changed(d.path, false)
	case "textDocument/didSave":
		var p protocol.DidSaveTextDocumentParams
		if err := json.Unmarshal(params, &p); err != nil {
			return err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if d := s.docs[p.TextDocument.URI]; d != nil {
			s.changed(d.path, false)
		}
	case "textDocument/didClose":
		var p protocol.DidCloseTextDocumentParams
		if err := json.Unmarshal(params, &p); err != nil {
			return err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if d := s.docs[p.TextDocument.URI]; d != nil {
			delete(s.docs, p.TextDocument.URI)
			s.changed(d.path, false) // the disk's text counts again
		}
	case "workspace/didChangeWatchedFiles":
		var p protocol.DidChangeWatchedFilesParams
		if err := json.Unmarshal(params, &p); err != nil {
			return err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, c := range p.Changes {
			file := s.pathOf(c.URI)
			if file == "" || s.docs[c.URI] != nil && c.Type == uint32(protocol.FileChangeTypeChanged) {
				continue // outside the dataset, or the editor's text wins
			}
			s.changed(file, c.Type != uint32(protocol.FileChangeTypeChanged))
		}
	}
	return nil
}

// changed notes that a dataset file's text changed and wakes the check
// loop; moved, that files appeared or went away on disk (the records
// folder is listed again). s.mu is held.
func (s *Server) changed(file string, moved bool) {
	if file == "" || s.root == "" {
		return
	}
	switch {
	case file == config.File:
		s.reload = true
	case file == recordsRoot:
		s.relist = true // the folder itself came, went or moved
	case strings.HasPrefix(file, recordsRoot+"/"):
		if s.pending == nil {
			s.pending = map[string]bool{}
		}
		s.pending[file] = true
		s.relist = s.relist || moved
	default:
		return
	}
	s.poke()
}

// poke wakes the check loop for a change just noted. s.mu is held.
func (s *Server) poke() {
	s.gen++
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// registerWatchers asks the client to report changes of the dataset's
// files made outside the editor.
func (s *Server) registerWatchers() {
	type watcher struct {
		GlobPattern string `json:"globPattern"`
	}
	params := map[string]any{"registrations": []map[string]any{{
		"id": "dossier-files", "method": "workspace/didChangeWatchedFiles",
		"registerOptions": map[string]any{"watchers": []watcher{{"**/*.yaml"}, {"**/*.yml"}, {"**/records"}, {"**/records/**"}}},
	}}}
	if err := s.conn.Call(s.ctx, "client/registerCapability", params, nil); err != nil {
		s.logf("registering file watchers: %v", err)
	}
}

// pathOf returns the dataset path of a URI, "" when it is outside the
// dataset. s.mu is held.
func (s *Server) pathOf(uri string) string {
	if s.root == "" {
		return ""
	}
	p, ok := uriPath(uri)
	if !ok {
		return ""
	}
	r, err := filepath.Rel(s.root, p)
	if err != nil || r == "." || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(r)
}

// uriOf returns the URI of a dataset path.
func (s *Server) uriOf(file string) string {
	return fileURI(filepath.Join(s.root, filepath.FromSlash(file)))
}

// uriPath returns the OS path of a file: URI.
func uriPath(uri string) (string, bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return "", false
	}
	return filepath.Clean(filepath.FromSlash(u.Path)), true
}

// fileURI returns the file: URI of an absolute OS path.
func fileURI(p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

// snapshot is what a request sees: the documents as they were when it
// came, the root, and the gen of the changes noted by then.
type snapshot struct {
	gen    uint64
	root   string
	enc    encoding
	caps   clientCaps
	docs   map[string]document  // by URI
	byFile map[string]*document // by dataset path
}

// snapshot takes one. s.mu is held.
func (s *Server) snapshot() *snapshot {
	snap := &snapshot{gen: s.gen, root: s.root, enc: s.enc, caps: s.caps, docs: make(map[string]document, len(s.docs)), byFile: map[string]*document{}}
	for u, d := range s.docs {
		snap.docs[u] = *d
		if d.path != "" {
			c := *d
			snap.byFile[d.path] = &c
		}
	}
	return snap
}

// byPath returns the open document of a dataset path.
func (snap *snapshot) byPath(file string) *document { return snap.byFile[file] }

// open returns the editor's text of a dataset path, nil when it is not
// open.
func (snap *snapshot) open(file string) []byte {
	if d := snap.byPath(file); d != nil {
		return []byte(d.text.s)
	}
	return nil
}

// readDisk reads a file of the dataset from disk.
func readDisk(root, file string) ([]byte, error) {
	return os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
}
