package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/escape"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/read"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

func init() {
	requests["textDocument/definition"] = definition
	requests["textDocument/references"] = references
	requests["textDocument/hover"] = hover
	requests["textDocument/documentSymbol"] = symbols
}

// target is what a position names: a reference (or a record's own id)
// and the ID it holds.
type target struct {
	span
	id    string
	field *schemas.Field // the field at the span; nil for the record's id
	self  bool           // the record's own id
}

// targetAt reads the reference or id at a request's position; ok is false
// when the position holds neither.
func (s *Server) targetAt(p position) (target, bool) {
	if p.kind == nil {
		return target{}, false
	}
	sp, ok := spanAt(p.file, p.doc.text, p.kind, s.limits(), p.off)
	if !ok || sp.key {
		return target{}, false
	}
	id := unquote(p.doc.text.s[sp.start:sp.end])
	if sp.pointer == "/id" {
		return target{span: sp, id: id, self: true}, true
	}
	f := p.kind.FieldAt(tokens(sp.pointer))
	if f == nil || f.Ref == nil {
		return target{}, false
	}
	return target{span: sp, id: id, field: f}, true
}

// limits returns the limits in force. It takes no lock, so that a
// request holding the dataset's may call it.
func (s *Server) limits() config.Limits {
	if l := s.lim.Load(); l != nil {
		return *l
	}
	return config.Limits{}
}

// textOf returns the text of a dataset file: the editor's, else the disk's.
func textOf(snap *snapshot, file string) *text {
	if d := snap.byPath(file); d != nil {
		return d.text
	}
	b, err := readDisk(snap.root, file)
	if err != nil {
		return nil
	}
	return newText(string(b))
}

// valueLocation returns where the value at pointer of a dataset file is
// written (the file's start when it cannot be read).
func valueLocation(snap *snapshot, e *entry, pointer string, lim config.Limits) protocol.Location {
	loc := protocol.Location{URI: fileURI(filepath.Join(snap.root, filepath.FromSlash(e.rec.File)))}
	t := textOf(snap, e.rec.File)
	if t == nil {
		return loc
	}
	p := read.ParseFull(e.rec.File, []byte(t.s), e.rec.Kind, lim).Positions().Find(pointer, false)
	start := t.offsetOf(p)
	if start < 0 {
		start = 0
	}
	loc.Range = t.rng(start, tokenEnd(t, start), snap.enc)
	return loc
}

func definition(ctx context.Context, s *Server, snap *snapshot, raw json.RawMessage) (any, error) {
	var params protocol.DefinitionParams
	if err := json.Unmarshal(raw, &params); err != nil {
		return nil, err
	}
	p, err := s.at(snap, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	tg, ok := s.targetAt(p)
	if !ok || tg.self {
		return nil, nil
	}
	ds, done, err := s.dataset(ctx, snap)
	defer done()
	if err != nil {
		return nil, err
	}
	if ds == nil {
		return nil, nil
	}
	var out []protocol.Location
	for _, e := range ds.byID[tg.id] {
		if contains(tg.field.Ref, e.rec.Kind.Name) {
			out = append(out, valueLocation(snap, e, "/id", ds.cfg.Limits))
		}
	}
	return out, nil
}

func references(ctx context.Context, s *Server, snap *snapshot, raw json.RawMessage) (any, error) {
	var params protocol.ReferenceParams
	if err := json.Unmarshal(raw, &params); err != nil {
		return nil, err
	}
	p, err := s.at(snap, params.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	tg, ok := s.targetAt(p)
	if !ok {
		return nil, nil
	}
	ds, done, err := s.dataset(ctx, snap)
	defer done()
	if err != nil {
		return nil, err
	}
	if ds == nil {
		return nil, nil
	}
	out := []protocol.Location{}
	if params.Context.IncludeDeclaration {
		for _, e := range ds.byID[tg.id] {
			out = append(out, valueLocation(snap, e, "/id", ds.cfg.Limits))
		}
	}
	for _, z := range ds.referrers[tg.id] {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for _, r := range z.refs {
			if r.id == tg.id {
				out = append(out, valueLocation(snap, z, r.ptr, ds.cfg.Limits))
			}
		}
	}
	return out, nil
}

func hover(ctx context.Context, s *Server, snap *snapshot, raw json.RawMessage) (any, error) {
	var params protocol.HoverParams
	if err := json.Unmarshal(raw, &params); err != nil {
		return nil, err
	}
	p, err := s.at(snap, params.TextDocumentPositionParams)
	if err != nil || p.kind == nil {
		return nil, err
	}
	sp, ok := spanAt(p.file, p.doc.text, p.kind, s.limits(), p.off)
	if !ok {
		return nil, nil
	}
	var md string
	if sp.key {
		f := p.kind.FieldAt(tokens(sp.pointer))
		if f == nil {
			return nil, nil
		}
		md = fieldDoc(f)
	} else {
		tg, ok := s.targetAt(p)
		if !ok {
			return nil, nil
		}
		ds, done, err := s.dataset(ctx, snap)
		defer done()
		if err != nil {
			return nil, err
		}
		if ds == nil {
			return nil, nil
		}
		md = recordDoc(ds, tg)
	}
	if md == "" {
		return nil, nil
	}
	r := p.doc.text.rng(sp.start, sp.end, snap.enc)
	content := protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: md}
	if !snap.caps.markdown {
		content.Kind = protocol.MarkupKindPlainText
	}
	return protocol.Hover{Contents: content, Range: &r}, nil
}

// fieldDoc describes a field: its name, type and description.
func fieldDoc(f *schemas.Field) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (%s", f.Name, typeWords(f))
	if f.Required {
		b.WriteString(", required")
	}
	b.WriteString(")\n\n")
	b.WriteString(f.Description)
	return b.String()
}

// recordDoc describes the record a reference names, or the record whose
// id it is: kind, title, date and summary, and who references it.
func recordDoc(ds *dataset, tg target) string {
	var b strings.Builder
	var found []*entry
	for _, e := range ds.byID[tg.id] {
		if tg.self || contains(tg.field.Ref, e.rec.Kind.Name) {
			found = append(found, e)
		}
	}
	switch {
	case len(found) == 0 && tg.field != nil:
		return fmt.Sprintf("No %s has the ID `%s`.", strings.Join(tg.field.Ref, " or "), tg.id)
	case len(found) == 0:
		return ""
	case len(found) > 1:
		fmt.Fprintf(&b, "%d records have the ID `%s`.\n\n", len(found), tg.id)
	}
	e := found[0]
	fmt.Fprintf(&b, "**%s** `%s`", e.rec.Kind.Name, e.rec.ID)
	if !e.rec.Active() {
		b.WriteString(" (withdrawn)")
	}
	b.WriteString("\n\n")
	if l := label(e); l != "" {
		fmt.Fprintf(&b, "%s\n\n", escapeMarkdown(clip(l, 300)))
	}
	for _, f := range []string{"date", "published", "type"} {
		if v := e.rec.Text(f); v != "" {
			fmt.Fprintf(&b, "%s: %s  \n", f, escapeMarkdown(v))
		}
	}
	if v, ok := e.rec.Value.Get("value").Num(); ok {
		fmt.Fprintf(&b, "value: %s %s  \n", v, escapeMarkdown(e.rec.Text("unit")))
	}
	if sp := e.rec.Text("speaker"); sp != "" {
		fmt.Fprintf(&b, "speaker: %s  \n", escapeMarkdown(sp))
	}
	if sum := e.rec.Text("summary"); sum != "" {
		fmt.Fprintf(&b, "\n%s\n", escapeMarkdown(clip(sum, 600)))
	}
	n := 0
	for _, z := range ds.referrers[e.rec.ID] {
		if z != e {
			n++
		}
	}
	fmt.Fprintf(&b, "\n%s · referenced by %d %s", e.rec.File, n, map[bool]string{true: "record", false: "records"}[n == 1])
	return b.String()
}

// escapeMarkdown keeps a record's text from being read as Markdown or
// from holding control characters.
func escapeMarkdown(s string) string {
	s = escape.Line(s)
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]<>()#+-.!|", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func symbols(ctx context.Context, s *Server, snap *snapshot, raw json.RawMessage) (any, error) {
	var params protocol.DocumentSymbolParams
	if err := json.Unmarshal(raw, &params); err != nil {
		return nil, err
	}
	p, err := s.at(snap, protocol.TextDocumentPositionParams{TextDocument: params.TextDocument})
	if err != nil || p.kind == nil {
		return nil, err
	}
	t := p.doc.text
	if int64(len(t.s)) > s.limits().FileSize() {
		return []protocol.DocumentSymbol{}, nil
	}
	r := read.ParseFull(p.file, []byte(t.s), p.kind, s.limits())
	pos := r.Positions()
	if !r.Value.Exists() || pos == nil {
		return []protocol.DocumentSymbol{}, nil
	}
	b := symbolBuilder{t: t, pos: pos, enc: snap.enc}
	return b.children("", r.Value.Any()), nil
}

// symbolBuilder makes the document symbols of a record: its fields, and
// the items and fields within them.
type symbolBuilder struct {
	t   *text
	pos read.Positions
	enc encoding
}

func (b symbolBuilder) children(ptr string, v any) []protocol.DocumentSymbol {
	out := []protocol.DocumentSymbol{}
	switch x := v.(type) {
	case map[string]any:
		for k, cv := range x {
			out = append(out, b.symbol(ptr+"/"+strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1"), k, cv))
		}
	case []any:
		for i, cv := range x {
			out = append(out, b.symbol(ptr+"/"+strconv.Itoa(i), strconv.Itoa(i), cv))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, c := out[i].SelectionRange.Start, out[j].SelectionRange.Start
		return a.Line < c.Line || a.Line == c.Line && a.Character < c.Character
	})
	return out
}

func (b symbolBuilder) symbol(ptr, name string, v any) protocol.DocumentSymbol {
	loc := b.pos[ptr]
	start := b.t.offsetOf(loc.Value)
	if loc.Key.Line > 0 {
		start = b.t.offsetOf(loc.Key)
	}
	if start < 0 {
		start = 0
	}
	end := b.extent(ptr)
	sym := protocol.DocumentSymbol{Name: name, Range: b.t.rng(start, max(start, end), b.enc),
		SelectionRange: b.t.rng(start, tokenEnd(b.t, start), b.enc)}
	switch x := v.(type) {
	case map[string]any:
		sym.Kind = protocol.SymbolKindObject
		sym.Children = b.children(ptr, x)
	case []any:
		sym.Kind = protocol.SymbolKindArray
		sym.Children = b.children(ptr, x)
	case string:
		sym.Kind = protocol.SymbolKindString
		d := clip(escape.Line(x), 60)
		sym.Detail = &d
	case bool:
		sym.Kind = protocol.SymbolKindBoolean
		d := strconv.FormatBool(x)
		sym.Detail = &d
	case nil:
		sym.Kind = protocol.SymbolKindNull
	default:
		sym.Kind = protocol.SymbolKindNumber
		d := fmt.Sprint(x)
		sym.Detail = &d
	}
	if name != "" && name[0] >= '0' && name[0] <= '9' && sym.Detail == nil && sym.Kind == protocol.SymbolKindObject && len(sym.Children) > 0 {
		sym.Detail = sym.Children[0].Detail // an item is named by its first field's value
	}
	return sym
}

// extent returns where the value at ptr ends: after the last value
// within it.
func (b symbolBuilder) extent(ptr string) int {
	end := 0
	for p, loc := range b.pos {
		if p == ptr || strings.HasPrefix(p, ptr+"/") {
			if off := b.t.offsetOf(loc.Value); off >= 0 {
				end = max(end, tokenEnd(b.t, off))
			}
		}
	}
	return end
}
