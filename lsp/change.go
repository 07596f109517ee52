package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/dossier-data/dossier/canonical"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/record"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

func init() {
	requests["textDocument/prepareRename"] = prepareRename
	requests["textDocument/rename"] = rename
	requests["textDocument/codeAction"] = codeActions
	requests["textDocument/formatting"] = format
}

// refused is a request the server declines, with the reason shown to the
// user.
func refused(format string, args ...any) error {
	return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: fmt.Sprintf(format, args...)}
}

func prepareRename(ctx context.Context, s *Server, snap *snapshot, raw json.RawMessage) (any, error) {
	var params protocol.PrepareRenameParams
	if err := json.Unmarshal(raw, &params); err != nil {
		return nil, err
	}
	p, err := s.at(snap, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	tg, ok := s.targetAt(p)
	if !ok {
		return nil, refused("put the cursor on a record's id, or on a reference, to rename an ID")
	}
	return protocol.RangeWithPlaceholder{Range: p.doc.text.rng(tg.start, tg.end, snap.enc), Placeholder: tg.id}, nil
}

// rename renames a record's ID: its id field, every reference to it and
// its file, as one workspace edit. A released ID is not renamed.
func rename(ctx context.Context, s *Server, snap *snapshot, raw json.RawMessage) (any, error) {
	var params protocol.RenameParams
	if err := json.Unmarshal(raw, &params); err != nil {
		return nil, err
	}
	p, err := s.at(snap, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	tg, ok := s.targetAt(p)
	if !ok {
		return nil, refused("put the cursor on a record's id, or on a reference, to rename an ID")
	}
	ds, done, err := s.dataset(ctx, snap)
	defer done()
	if err != nil {
		return nil, err
	}
	if ds == nil {
		return nil, refused("the dataset is still being read; try again in a moment")
	}
	old, id := tg.id, params.NewName
	switch g := ds.byID[old]; {
	case id == old:
		return nil, nil
	case record.Kebab(id) != id:
		return nil, refused("%q is not an ID: IDs are lowercase kebab-case (letters, digits and single hyphens)%s", id, kebabHint(id))
	case len(ds.byID[id]) > 0:
		return nil, refused("%q is already the ID of %s", id, ds.byID[id][0].rec.File)
	case len(g) == 0:
		return nil, refused("no record has the ID %q", old)
	case len(g) > 1:
		return nil, refused("%d records have the ID %q; give them different IDs first", len(g), old)
	}
	tag, err := s.releases().release(old)
	if err != nil {
		return nil, refused("whether %q is in a release cannot be told (%v), and a released ID is never renamed; make git work and rename again", old, err)
	}
	if tag != "" {
		return nil, refused("%q is in release %s: data users may hold it, so it is never renamed. Withdraw the record instead "+
			"(status: withdrawn, withdrawn.successor naming the record that replaces it) and add the new one", old, tag)
	}
	e := ds.byID[old][0]
	edits := map[string][]protocol.TextEdit{}
	add := func(z *entry, ptr string) {
		loc := valueLocation(snap, z, ptr, ds.cfg.Limits)
		edits[z.rec.File] = append(edits[z.rec.File], protocol.TextEdit{Range: loc.Range, NewText: id})
	}
	add(e, "/id")
	for _, z := range ds.referrers[old] {
		for _, r := range z.refs {
			if r.id == old && contains(r.kinds, e.rec.Kind.Name) {
				add(z, r.ptr)
			}
		}
	}
	from := e.rec.File
	to := path.Join(path.Dir(from), id+".yaml")
	if fileExists(ds.abs(to)) {
		return nil, refused("%s already exists", to)
	}
	return s.workspaceEdit(snap, edits, [][2]string{{from, to}})
}

// kebabHint proposes the ID a text would make.
func kebabHint(s string) string {
	if k := record.Kebab(s); k != "" {
		return fmt.Sprintf("; for example %q", k)
	}
	return ""
}

// releases returns what the server knows of the dataset's releases.
func (s *Server) releases() *releases {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rel == nil || s.rel.root != s.root {
		s.rel = &releases{root: s.root}
	}
	return s.rel
}

// workspaceEdit makes one edit of text edits by dataset path and file
// renames (from, to), in that order. Open files are edited at the
// version the editor has.
func (s *Server) workspaceEdit(snap *snapshot, edits map[string][]protocol.TextEdit, moves [][2]string) (*protocol.WorkspaceEdit, error) {
	var files []string
	for f := range edits {
		files = append(files, f)
	}
	sort.Strings(files)
	if len(moves) > 0 && !(snap.caps.documentChanges && snap.caps.renameFiles) {
		return nil, refused("this editor cannot rename files through the language server; rename %s to %s yourself", moves[0][0], moves[0][1])
	}
	w := &protocol.WorkspaceEdit{}
	if !snap.caps.documentChanges {
		w.Changes = map[protocol.DocumentUri][]protocol.TextEdit{}
		for _, f := range files {
			w.Changes[s.uriOf(f)] = edits[f]
		}
		return w, nil
	}
	for _, f := range files {
		id := protocol.OptionalVersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: s.uriOf(f)}}
		if d := snap.byPath(f); d != nil {
			v := d.version
			id.URI, id.Version = d.uri, &v
		}
		var list []any
		for _, e := range edits[f] {
			list = append(list, e)
		}
		w.DocumentChanges = append(w.DocumentChanges, protocol.TextDocumentEdit{TextDocument: id, Edits: list})
	}
	for _, m := range moves {
		w.DocumentChanges = append(w.DocumentChanges, protocol.RenameFile{Kind: string(protocol.ResourceOperationKindRename),
			OldURI: s.uriOf(m[0]), NewURI: s.uriOf(m[1])})
	}
	return w, nil
}

// codeActions offers the fixes dossier's findings suggest, for the
// findings at the range asked about.
func codeActions(ctx context.Context, s *Server, snap *snapshot, raw json.RawMessage) (any, error) {
	var params protocol.CodeActionParams
	if err := json.Unmarshal(raw, &params); err != nil {
		return nil, err
	}
	p, err := s.at(snap, protocol.TextDocumentPositionParams{TextDocument: params.TextDocument, Position: params.Range.Start})
	if err != nil || p.file == "" {
		return nil, err
	}
	ds, done, err := s.dataset(ctx, snap)
	defer done()
	if err != nil {
		return nil, err
	}
	if ds == nil {
		return nil, nil
	}
	t := p.doc.text
	lo, hi := t.offset(params.Range.Start, snap.enc), t.offset(params.Range.End, snap.enc)
	out := []protocol.CodeAction{}
	for _, d := range ds.findings(p.file) {
		start, end := 0, 0
		if d.Line > 0 {
			start = t.offsetOf(d.Pos)
			end = tokenEnd(t, start)
			if end < lo || start > hi {
				continue
			}
		}
		pd := s.diagnostic(snap, t, d)
		for _, a := range s.fixes(snap, ds, p, d, start, end) {
			a.Diagnostics = []protocol.Diagnostic{pd}
			out = append(out, a)
		}
	}
	return out, nil
}

var (
	didYouMean = regexp.MustCompile(`did you mean "([^"]+)"\?`)
	quoteIt    = regexp.MustCompile(`^quote it: (".*")$`)
	moveTo     = regexp.MustCompile(`^move it to (?:\S+/)?([a-z]+)/$`)
	renameTo   = regexp.MustCompile(`^rename the file to (\S+\.yaml), or set id: (\S+)$`)
)

// fixes returns the code actions for one finding at [start, end).
func (s *Server) fixes(snap *snapshot, ds *dataset, p position, d diag.Diagnostic, start, end int) []protocol.CodeAction {
	t := p.doc.text
	quickfix := protocol.CodeActionKindQuickFix
	preferred := true
	var out []protocol.CodeAction
	replace := func(title, with string) {
		w, err := s.workspaceEdit(snap, map[string][]protocol.TextEdit{p.file: {{Range: t.rng(start, end, snap.enc), NewText: with}}}, nil)
		if err == nil {
			out = append(out, protocol.CodeAction{Title: title, Kind: &quickfix, IsPreferred: &preferred, Edit: w})
		}
	}
	move := func(to string) {
		if fileExists(ds.abs(to)) {
			return
		}
		w, err := s.workspaceEdit(snap, nil, [][2]string{{p.file, to}})
		if err == nil {
			out = append(out, protocol.CodeAction{Title: "Move the file to " + to, Kind: &quickfix, IsPreferred: &preferred, Edit: w})
		}
	}
	if m := didYouMean.FindStringSubmatch(d.Message); m != nil && d.Line > 0 {
		replace(fmt.Sprintf("Change to %q", m[1]), yamlScalar(m[1]))
	}
	if m := quoteIt.FindStringSubmatch(d.Hint); m != nil && d.Line > 0 {
		replace("Quote it: "+m[1], m[1])
	}
	if m := moveTo.FindStringSubmatch(d.Hint); m != nil {
		move(path.Join(recordsRoot, m[1], path.Base(p.file)))
	}
	if m := renameTo.FindStringSubmatch(d.Hint); m != nil {
		move(m[1])
		replace("Set id: "+m[2], m[2])
	}
	if d.Rule == "record-path" && strings.Count(p.file, "/") == 1 && strings.HasSuffix(p.file, ".yaml") {
		// a record straight in the records folder: move it to the folder
		// of the kind whose schema it passes
		if b := []byte(t.s); len(b) > 0 {
			for _, k := range ds.set.Kinds {
				if _, own := ds.checker.File(p.file, k, b); len(own) == 0 {
					move(path.Join(recordsRoot, k.Table, path.Base(p.file)))
				}
			}
		}
	}
	if d.Rule == "schema-required" && strings.HasSuffix(d.Pointer, "/locator") {
		if a, ok := s.addLocator(snap, p, d); ok {
			out = append(out, a)
		}
	}
	return out
}

// addLocator inserts a citation's missing locator, empty, under its
// source, for the contributor to fill in (until then it is a finding).
func (s *Server) addLocator(snap *snapshot, p position, d diag.Diagnostic) (protocol.CodeAction, bool) {
	t := p.doc.text
	cite := strings.TrimSuffix(d.Pointer, "/locator")
	pos := read.ParseFull(p.file, []byte(t.s), p.kind, s.limits()).Positions()
	src, ok := pos[cite+"/source"]
	if !ok || src.Key.Line == 0 {
		return protocol.CodeAction{}, false
	}
	line := src.Key.Line - 1
	at := t.lineEnd(line)
	indent := strings.Repeat(" ", src.Key.Column-1)
	w, err := s.workspaceEdit(snap, map[string][]protocol.TextEdit{p.file: {{Range: t.rng(at, at, snap.enc), NewText: "\n" + indent + `locator: ""`}}}, nil)
	if err != nil {
		return protocol.CodeAction{}, false
	}
	quickfix := protocol.CodeActionKindQuickFix
	return protocol.CodeAction{Title: "Add the locator (where in the source: para. 3, p. 12, 02:15)", Kind: &quickfix, Edit: w}, true
}

// format puts a record file in its canonical form, as dossier fmt does.
func format(ctx context.Context, s *Server, snap *snapshot, raw json.RawMessage) (any, error) {
	var params protocol.DocumentFormattingParams
	if err := json.Unmarshal(raw, &params); err != nil {
		return nil, err
	}
	p, err := s.at(snap, protocol.TextDocumentPositionParams{TextDocument: params.TextDocument})
	if err != nil {
		return nil, err
	}
	if p.kind == nil && !strings.HasPrefix(p.file, recordsRoot+"/") {
		return nil, nil // not a record file
	}
	t := p.doc.text
	if int64(len(t.s)) > s.limits().FileSize() {
		return nil, refused("the file is over max-file-size; it is not formatted")
	}
	out, _, err := canonical.Format(p.file, []byte(t.s), p.kind)
	switch {
	case errors.Is(err, canonical.ErrNotParsed):
		return nil, refused("the file has errors; fix them before formatting")
	case err != nil:
		return nil, refused("%v", err)
	case string(out) == t.s:
		return []protocol.TextEdit{}, nil
	}
	return []protocol.TextEdit{{Range: t.rng(0, len(t.s), snap.enc), NewText: string(out)}}, nil
}
