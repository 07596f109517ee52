package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/edtf"
	"github.com/dossier-data/dossier/validate/rules"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

func init() {
	requests["textDocument/completion"] = complete
}

// maxIDItems bounds the IDs offered at once; the list is then marked
// incomplete, and the editor asks again as more is typed.
const maxIDItems = 200

// position is a request's document and position in it.
type position struct {
	doc  *document
	file string // dataset path
	kind *schemas.Kind
	off  int // byte offset
}

// at reads a request's document and position; the document is the
// editor's text, else the disk's.
func (s *Server) at(snap *snapshot, params protocol.TextDocumentPositionParams) (position, error) {
	d, ok := snap.docs[params.TextDocument.URI]
	if !ok {
		s.mu.Lock()
		file := s.pathOf(params.TextDocument.URI)
		s.mu.Unlock()
		b, err := readDisk(snap.root, file)
		if file == "" || err != nil {
			return position{}, fmt.Errorf("%s is not a file of the dataset", params.TextDocument.URI)
		}
		d = document{uri: params.TextDocument.URI, path: file, text: newText(string(b))}
	}
	p := position{doc: &d, file: d.path, off: d.text.offset(params.Position, snap.enc)}
	if d.path != "" {
		p.kind = (&dataset{set: s.opts.Schemas}).kindOf(d.path)
	}
	return p, nil
}

// dataset returns the dataset for reading, once loaded; done releases
// it. It waits for the round of checks that takes in every change noted
// before the request (snap.gen), so that an answer is never computed from
// the dataset as it was before an edit the editor already sent; when a
// later change was taken in too, the dataset no longer matches the
// request's texts, and the request is refused as ContentModified.
func (s *Server) dataset(ctx context.Context, snap *snapshot) (ds *dataset, done func(), err error) {
	nop := func() {}
	for {
		s.mu.Lock()
		caught, wait := s.checked >= snap.gen, s.roundDone
		s.mu.Unlock()
		if caught {
			break
		}
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, nop, &jsonrpc2.Error{Code: requestCancelled, Message: "cancelled"}
		}
	}
	s.dsMu.RLock()
	switch {
	case s.ds == nil:
		s.dsMu.RUnlock()
		return nil, nop, nil
	case s.dsGen > snap.gen:
		s.dsMu.RUnlock()
		return nil, nop, &jsonrpc2.Error{Code: contentModified, Message: "the dataset changed since the request; ask again"}
	case s.dsGen < snap.gen:
		s.dsMu.RUnlock()
		return nil, nop, &jsonrpc2.Error{Code: requestFailed, Message: "the dataset could not be read again; the server's log says why"}
	}
	return s.ds, s.dsMu.RUnlock, nil
}

func complete(ctx context.Context, s *Server, snap *snapshot, raw json.RawMessage) (any, error) {
	var params protocol.CompletionParams
	if err := json.Unmarshal(raw, &params); err != nil {
		return nil, err
	}
	p, err := s.at(snap, params.TextDocumentPositionParams)
	if err != nil || p.kind == nil {
		return nil, err
	}
	c := cursorAt(p.doc.text, p.off)
	list := &protocol.CompletionList{Items: []protocol.CompletionItem{}}
	rng := p.doc.text.rng(c.start, c.end, snap.enc)
	switch {
	case c.key == "" && !c.item:
		fieldItems(list, fieldsAt(p.kind, c.path), c, p.doc.text, rng)
	case c.item:
		f := field(p.kind, c.path)
		if f == nil || f.Items == nil {
			break
		}
		if f.Items.Type == "object" {
			fieldItems(list, f.Items.Fields, c, p.doc.text, rng)
			break
		}
		s.valueItems(ctx, list, snap, p, f.Items, c, rng)
	default:
		f := field(p.kind, append(append([]string(nil), c.path...), c.key))
		if f == nil {
			break
		}
		if p.kind.Name == "quote" && len(c.path) == 0 && c.key == "role" {
			s.roleItems(ctx, list, snap, p, c, rng)
			break
		}
		s.valueItems(ctx, list, snap, p, f, c, rng)
	}
	return list, nil
}

// fieldItems offers the fields of a mapping not written yet, with their
// descriptions; required ones first.
func fieldItems(list *protocol.CompletionList, fields []*schemas.Field, c cursor, t *text, rng protocol.Range) {
	kind := protocol.CompletionItemKindField
	// a list or mapping goes on the lines below, indented under the key
	indent := strings.Repeat(" ", c.start-t.lines[t.lineOf(c.start)])
	for i, f := range fields {
		if contains(c.keys, f.Name) {
			continue
		}
		insert := f.Name + ": "
		switch f.Type {
		case "array":
			insert = f.Name + ":\n" + indent + "  - "
		case "object":
			insert = f.Name + ":\n" + indent + "  "
		}
		detail := typeWords(f)
		sortText := fmt.Sprintf("%d%03d", map[bool]int{true: 0, false: 1}[f.Required], i)
		list.Items = append(list.Items, protocol.CompletionItem{
			Label: f.Name, Kind: &kind, Detail: &detail, SortText: &sortText,
			Documentation: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: f.Description},
			TextEdit:      protocol.TextEdit{Range: rng, NewText: insert},
		})
	}
}

// typeWords describes a field's type in a few words: "text, EDTF date",
// "ID of an actor", "list of IDs of events".
func typeWords(f *schemas.Field) string {
	switch {
	case f.Ref != nil:
		return "ID of " + strings.Join(f.Ref, " or ")
	case f.Enum != nil:
		return "one of: " + strings.Join(f.Enum, ", ")
	case f.Format == "edtf":
		return "EDTF date"
	case f.Type == "array" && f.Items != nil:
		return "list of " + typeWords(f.Items)
	case f.Type == "object":
		return "mapping"
	case f.Type == "string":
		return "text"
	}
	return f.Type
}

// valueItems offers the values of a field: its enum, the IDs of the
// records of the kinds it references, EDTF date snippets, booleans.
func (s *Server) valueItems(ctx context.Context, list *protocol.CompletionList, snap *snapshot, p position, f *schemas.Field, c cursor, rng protocol.Range) {
	valueKind := protocol.CompletionItemKindEnumMember
	switch {
	case f.Enum != nil:
		for _, v := range f.Enum {
			list.Items = append(list.Items, protocol.CompletionItem{Label: v, Kind: &valueKind, TextEdit: protocol.TextEdit{Range: rng, NewText: v}})
		}
	case f.Ref != nil:
		s.idItems(ctx, list, snap, f.Ref, c, rng)
	case f.Format == "edtf":
		dateItems(list, snap.caps.snippets, rng)
	case f.Type == "boolean":
		for _, v := range []string{"true", "false"} {
			list.Items = append(list.Items, protocol.CompletionItem{Label: v, Kind: &valueKind, TextEdit: protocol.TextEdit{Range: rng, NewText: v}})
		}
	}
}

// idItems offers the IDs of records of kinds that match what was typed,
// each with its title (or name, measure, text) as detail.
func (s *Server) idItems(ctx context.Context, list *protocol.CompletionList, snap *snapshot, kinds []string, c cursor, rng protocol.Range) {
	ds, done, err := s.dataset(ctx, snap)
	defer done()
	if ds == nil || err != nil { // the editor asks again as more is typed
		list.IsIncomplete = true
		return
	}
	word := strings.ToLower(unquote(c.word))
	kind := protocol.CompletionItemKindReference
	type hit struct {
		e    *entry
		rank int
	}
	var hits []hit
	for _, k := range kinds {
		for _, e := range ds.kinds[k] {
			if ctx.Err() != nil {
				return
			}
			id := e.rec.ID
			if id == "" || len(ds.byID[id]) != 1 {
				continue
			}
			rank := 0
			switch {
			case word == "" || strings.HasPrefix(id, word):
			case strings.Contains(id, word):
				rank = 1
			case strings.Contains(strings.ToLower(label(e)), word):
				rank = 2
			default:
				continue
			}
			hits = append(hits, hit{e, rank})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].rank != hits[j].rank {
			return hits[i].rank < hits[j].rank
		}
		return hits[i].e.rec.ID < hits[j].e.rec.ID
	})
	if len(hits) > maxIDItems {
		hits, list.IsIncomplete = hits[:maxIDItems], true
	}
	for i, h := range hits {
		detail := h.e.rec.Kind.Name
		if l := label(h.e); l != "" {
			detail += ": " + clip(l, 80)
		}
		sortText := fmt.Sprintf("%05d", i)
		filter := h.e.rec.ID + " " + label(h.e)
		list.Items = append(list.Items, protocol.CompletionItem{Label: h.e.rec.ID, Kind: &kind, Detail: &detail,
			SortText: &sortText, FilterText: &filter, TextEdit: protocol.TextEdit{Range: rng, NewText: h.e.rec.ID}})
	}
}

// label names a record for people: its title, name, measure or text.
func label(e *entry) string {
	for _, f := range []string{"title", "name", "measure", "text"} {
		if v := e.rec.Text(f); v != "" {
			return v
		}
	}
	return ""
}

// clip cuts text to n characters, marking the cut.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// dateItems offers the forms of EDTF dates, as snippets when the editor
// takes them.
func dateItems(list *protocol.CompletionList, snippets bool, rng protocol.Range) {
	kind := protocol.CompletionItemKindSnippet
	format := protocol.InsertTextFormatSnippet
	for i, d := range []struct{ label, snippet, plain, doc string }{
		{`"YYYY-MM-DD"`, `"${1:2023}-${2:06}-${3:20}"`, `"2023-06-20"`, "a day"},
		{`"YYYY-MM"`, `"${1:2023}-${2:06}"`, `"2023-06"`, "a month"},
		{`"YYYY"`, `"${1:2023}"`, `"2023"`, "a year"},
		{`"YYYY-MM-DD?"`, `"${1:2023}-${2:06}-${3:20}?"`, `"2023-06-20?"`, "uncertain: say in notes what it was inferred from"},
		{`"YYYY~"`, `"${1:2016}~"`, `"2016~"`, "approximate"},
		{`"YYYY-21…24"`, `"${1:2022}-${2|21,22,23,24|}"`, `"2022-22"`, "a season: 21 spring, 22 summer, 23 autumn, 24 winter"},
		{`"FROM/TO"`, `"${1:2013}/${2:2016}"`, `"2013/2016"`, "an interval"},
		{`"FROM/.."`, `"${1:2012}/.."`, `"2012/.."`, "from a date on (open end)"},
	} {
		sortText := fmt.Sprintf("%02d", i)
		detail := "EDTF: " + d.doc
		item := protocol.CompletionItem{Label: d.label, Kind: &kind, Detail: &detail, SortText: &sortText,
			TextEdit: protocol.TextEdit{Range: rng, NewText: d.plain}}
		if snippets {
			item.InsertTextFormat = &format
			item.TextEdit = protocol.TextEdit{Range: rng, NewText: d.snippet}
		}
		list.Items = append(list.Items, item)
	}
}

// roleItems offers the titles of the roles the quote's speaker held at
// the quote's date (all of the speaker's roles when the date is not
// known), each with its term.
func (s *Server) roleItems(ctx context.Context, list *protocol.CompletionList, snap *snapshot, p position, c cursor, rng protocol.Range) {
	ds, done, err := s.dataset(ctx, snap)
	defer done()
	if ds == nil || err != nil {
		list.IsIncomplete = err != nil
		return
	}
	speaker := ds.lookup(topScalar(p.doc.text, "speaker"), []string{"actor"})
	if speaker == nil {
		return
	}
	date, dateErr := edtf.Parse(topScalar(p.doc.text, "date"))
	kind := protocol.CompletionItemKindValue
	seen := map[string]bool{}
	for _, role := range speaker.rec.Value.Get("roles").Items() {
		title := role.Get("title").Text()
		if title == "" || seen[title] {
			continue
		}
		from, _ := edtf.Parse(role.Get("from").Text())
		to, _ := edtf.Parse(role.Get("to").Text())
		if dateErr == nil && !term(from, to).Overlaps(date.Widest()) {
			continue
		}
		seen[title] = true
		detail := "role of " + speaker.rec.ID + ", " + rules.TermWords(from, to)
		list.Items = append(list.Items, protocol.CompletionItem{Label: title, Kind: &kind, Detail: &detail,
			TextEdit: protocol.TextEdit{Range: rng, NewText: yamlScalar(title)}})
	}
}

// term returns the days a role with from and to may have been held,
// each end widened as far as its date allows; a missing end is open.
func term(from, to edtf.Date) edtf.Span {
	s := edtf.Span{OpenStart: true, OpenEnd: true, Earliest: edtf.MinDay, Latest: edtf.MaxDay}
	if !from.IsZero() {
		f := from.Widest()
		s.Earliest, s.OpenStart = f.Earliest, f.OpenStart
	}
	if !to.IsZero() {
		t := to.Widest()
		s.Latest, s.OpenEnd = t.Latest, t.OpenEnd
	}
	return s
}

// yamlScalar writes text as a YAML scalar: plain when YAML reads it back
// as the same text, else double-quoted.
func yamlScalar(s string) string {
	if plainSafe(s) {
		return s
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// plainSafe reports whether s can be written as a plain scalar: letters,
// digits, spaces and a few marks, not starting with one YAML reads
// otherwise, and not a word YAML reads as another type.
func plainSafe(s string) bool {
	if s == "" || s != strings.TrimSpace(s) {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~":
		return false
	}
	if strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`0123456789.+") {
		return false
	}
	return !strings.ContainsAny(s, ":#\n\t\"'")
}
