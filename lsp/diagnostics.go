package lsp

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-data/dossier/internal/escape"
	"github.com/dossier-data/dossier/validate/diag"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// checkLoop checks the dataset whenever files change, one round at a time:
// the first round loads the whole dataset, later ones re-check what the
// edits reach (scope.go). Edits that come during a round are kept for the
// next one, so none is lost; a result about a document the editor changed
// since is not published (the next round publishes its own).
func (s *Server) checkLoop() {
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.wake:
		}
		s.settle()
		s.mu.Lock()
		root, reload, relist := s.root, s.reload, s.relist
		var files []string
		for f := range s.pending {
			files = append(files, f)
		}
		sort.Strings(files)
		s.pending, s.reload, s.relist = nil, false, false
		snap := s.snapshot()
		s.mu.Unlock()
		if root != "" {
			s.check(snap, files, reload, relist)
		}
		s.mu.Lock()
		s.checked = snap.gen
		close(s.roundDone)
		s.roundDone = make(chan struct{})
		s.mu.Unlock()
	}
}

// settle waits before a round: until the delay has passed since the last
// round, so that a burst of edits is checked once per delay while a
// single edit is checked at once.
func (s *Server) settle() {
	wait := time.Until(s.lastRound.Add(s.opts.Delay))
	if wait <= 0 {
		return
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.ctx.Done():
	}
}

// check runs one round and publishes what changed.
func (s *Server) check(snap *snapshot, files []string, reload, relist bool) {
	start := time.Now()
	s.dsMu.Lock()
	var touched []string
	all, first := false, false
	if s.ds != nil && reload {
		s.ds.open = snap.open
		if s.ds.reconfigure() {
			reload, all = false, true
		}
	}
	if s.ds == nil || reload {
		ds := &dataset{root: snap.root, set: s.opts.Schemas, open: snap.open, jobs: s.opts.Jobs}
		ds.isNew, ds.head = committed(snap.root)
		if err := ds.load(snap.openPaths()); err != nil {
			s.dsMu.Unlock()
			s.logf("loading the dataset at %s: %v", snap.root, err)
			s.showMessage(protocol.MessageTypeError, "dossier: cannot load the dataset: "+escape.Line(err.Error()))
			return
		}
		s.ds, all = ds, true
		lim := ds.cfg.Limits
		s.lim.Store(&lim)
		first = true
	}
	s.dsGen = snap.gen // what the requests check against their own
	wasMissing := s.ds != nil && !first && s.ds.missing
	if !first && s.ds.dups > 0 {
		files = append(files, s.ds.recommitted()...)
	}
	if !first && (len(files) > 0 || relist) {
		s.ds.open = snap.open
		var whole bool
		touched, whole = s.ds.update(files, snap.openPaths(), relist)
		all = all || whole
		touched = append(touched, files...)
		if d := time.Since(start); d > 100*time.Millisecond {
			s.logf("a round of %d changed files took %v (whole run: %v)", len(files), d, all)
		}
	}
	ds := s.ds
	if ds.missing && !wasMissing {
		// as validate says it; the findings of the files are gone with them
		s.showMessage(protocol.MessageTypeWarning, escape.Line(fmt.Sprintf("dossier: no records folder: %s (the dataset at %s has no records folder; run dossier init there)",
			recordsRoot, snap.root)))
	}
	if all {
		touched = ds.withFindings()
		for p := range s.published {
			touched = append(touched, p)
		}
	}
	paths := s.publish(snap, ds, touched)
	if first {
		s.logMessage(fmt.Sprintf("checked %d record files in %.2f s", len(ds.files), time.Since(start).Seconds()))
	}
	ds.prepare() // the maps for editing, after the first findings are out
	if first {
		s.logMessage(fmt.Sprintf("ready for edits after %.2f s", time.Since(start).Seconds()))
	}
	s.dsMu.Unlock()
	s.lastRound = time.Now()
	if s.opts.rounds {
		versions := map[string]int32{} // of the open documents this round saw
		for _, p := range append(files, paths...) {
			if d := snap.byPath(p); d != nil {
				versions[p] = d.version
			}
		}
		s.conn.Notify(s.ctx, "$/dossier/round", map[string]any{"checked": append(files, ""), "published": append(paths, ""), "versions": versions})
	}
}

// publish publishes the findings of the paths touched that changed since
// last published, and returns those paths. s.dsMu is held.
func (s *Server) publish(snap *snapshot, ds *dataset, touched []string) []string {
	slices.Sort(touched)
	touched = slices.Compact(touched)
	var out []protocol.PublishDiagnosticsParams
	var paths []string
	for _, p := range touched {
		l := ds.findings(p)
		if slices.Equal(l, s.published[p]) {
			continue
		}
		doc := snap.byPath(p)
		if doc != nil && s.stale(doc) {
			continue // the next round publishes it
		}
		params := protocol.PublishDiagnosticsParams{URI: s.uriOf(p), Diagnostics: []protocol.Diagnostic{}}
		var t *text
		if doc != nil {
			params.URI, t = doc.uri, doc.text
			v := protocol.UInteger(doc.version)
			params.Version = &v
		} else if b := ds.bytes(p); b != nil {
			t = newText(string(b))
		} else {
			t = newText("")
		}
		for _, d := range l {
			params.Diagnostics = append(params.Diagnostics, s.diagnostic(snap, t, d))
		}
		out = append(out, params)
		paths = append(paths, p)
		if len(l) == 0 {
			delete(s.published, p)
		} else {
			s.published[p] = l
		}
	}
	for _, params := range out {
		if err := s.conn.Notify(s.ctx, "textDocument/publishDiagnostics", params); err != nil {
			s.logf("publishing diagnostics: %v", err)
			break
		}
	}
	return paths
}

// stale reports whether the editor changed a document since doc was
// taken.
func (s *Server) stale(doc *document) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[doc.uri]
	return d == nil || d.version != doc.version
}

// openPaths returns the dataset paths of the open documents.
func (snap *snapshot) openPaths() []string {
	var out []string
	for _, d := range snap.docs {
		if d.path != "" {
			out = append(out, d.path)
		}
	}
	sort.Strings(out)
	return out
}

// diagnostic converts a finding. Its range covers the value (or key) at
// the finding's position; a finding about the whole file sits at its
// start.
func (s *Server) diagnostic(snap *snapshot, t *text, d diag.Diagnostic) protocol.Diagnostic {
	sev := protocol.DiagnosticSeverityError
	if d.Severity == diag.Warning {
		sev = protocol.DiagnosticSeverityWarning
	}
	source := "dossier"
	pd := protocol.Diagnostic{Severity: &sev, Source: &source, Code: &protocol.IntegerOrString{Value: d.Rule},
		Message: escape.Line(d.Message), Data: map[string]string{"pointer": d.Pointer}}
	if d.Line > 0 {
		start := t.offsetOf(d.Pos)
		pd.Range = t.rng(start, tokenEnd(t, start), snap.enc)
	}
	uri := fileURI(filepath.Join(snap.root, filepath.FromSlash(d.File)))
	if snap.caps.codeDescription {
		if rules := filepath.Join(snap.root, "docs", "rules.md"); fileExists(rules) {
			pd.CodeDescription = &protocol.CodeDescription{HRef: fileURI(rules) + "#" + d.Rule}
		}
	}
	if d.Hint != "" {
		if snap.caps.related {
			pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{
				Location: protocol.Location{URI: uri, Range: pd.Range}, Message: "hint: " + escape.Line(d.Hint)})
		} else {
			pd.Message += "\nhint: " + escape.Line(d.Hint)
		}
	}
	if snap.caps.related {
		for _, m := range mentioned.FindAllStringSubmatch(d.Message+" "+d.Hint, 4) {
			line, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			if loc, ok := s.locate(snap, m[1], diag.Pos{Line: line, Column: col}); ok {
				pd.RelatedInformation = append(pd.RelatedInformation, protocol.DiagnosticRelatedInformation{Location: loc, Message: m[0]})
			}
		}
	}
	return pd
}

// mentioned finds the places a message names: records/events/raid.yaml:3:7.
var mentioned = regexp.MustCompile(`((?:records|\.)/[^\s:,()"]+\.yaml):(\d+):(\d+)`)

// locate returns the protocol location of a finding's position in a
// dataset file.
func (s *Server) locate(snap *snapshot, file string, p diag.Pos) (protocol.Location, bool) {
	var t *text
	if d := snap.byPath(file); d != nil {
		t = d.text
	} else if b, err := readDisk(snap.root, file); err == nil {
		t = newText(string(b))
	} else {
		return protocol.Location{}, false
	}
	off := t.offsetOf(p)
	if off < 0 {
		off = 0
	}
	return protocol.Location{URI: fileURI(filepath.Join(snap.root, filepath.FromSlash(file))), Range: t.rng(off, tokenEnd(t, off), snap.enc)}, true
}

// tokenEnd returns where the YAML token that starts at byte offset start
// ends on its line: a quoted scalar at its closing quote, a plain one
// before ": ", " #" or the line's end (trailing spaces left out). A
// token that would be empty covers one character.
func tokenEnd(t *text, start int) int {
	if start < 0 || start >= len(t.s) {
		return max(start, 0)
	}
	end := t.lineEnd(t.lineOf(start))
	line := t.s[start:end]
	n := len(line)
	switch {
	case line == "":
	case line[0] == '"':
		for i := 1; i < len(line); i++ {
			if line[i] == '\\' {
				i++
				continue
			}
			if line[i] == '"' {
				n = i + 1
				break
			}
		}
	case line[0] == '\'':
		for i := 1; i < len(line); i++ {
			if line[i] == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				n = i + 1
				break
			}
		}
	default:
		flow := inFlow(t.s[t.lines[t.lineOf(start)]:start])
		for i := 0; i < len(line); i++ {
			if line[i] == ':' && (i+1 == len(line) || line[i+1] == ' ') || line[i] == '#' && i > 0 && line[i-1] == ' ' ||
				flow && strings.IndexByte(",]}", line[i]) >= 0 {
				n = i
				break
			}
		}
		for n > 0 && (line[n-1] == ' ' || line[n-1] == '\t') {
			n--
		}
	}
	if n == 0 {
		_, size := decodeRune(line)
		n = size
	}
	return start + n
}

// inFlow reports whether a line's text before a token leaves a flow
// collection ([ or {) open: the token then ends at a comma or bracket.
func inFlow(before string) bool {
	depth := 0
	quote := byte(0)
	for i := 0; i < len(before); i++ {
		c := before[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		}
	}
	return depth > 0
}

func decodeRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			return r, len(string(r))
		}
	}
	return 0, 0
}

// showMessage shows a message in the editor.
func (s *Server) showMessage(typ protocol.MessageType, msg string) {
	if err := s.conn.Notify(s.ctx, "window/showMessage", protocol.ShowMessageParams{Type: typ, Message: msg}); err != nil {
		s.logf("showing a message: %v", err)
	}
}

// logMessage writes to the client's log of the server.
func (s *Server) logMessage(msg string) {
	if err := s.conn.Notify(s.ctx, "window/logMessage", protocol.LogMessageParams{Type: protocol.MessageTypeLog, Message: msg}); err != nil {
		s.logf("logging: %v", err)
	}
}

// committed returns a function that tells the files under root that git's
// last commit does not hold (so that id-duplicate reports the copy, not
// the original), and that commit; nil and "" outside a git checkout.
func committed(root string) (isNew func(file string) bool, head string) {
	head = gitHead(root)
	if head == "" {
		return nil, ""
	}
	out, err := gitOutput(root, "ls-tree", "-r", "-z", "--name-only", head, ".")
	if err != nil {
		return nil, ""
	}
	known := map[string]bool{}
	for _, p := range splitNUL(out) {
		known[p] = true
	}
	return func(file string) bool { return !known[file] }, head
}

// gitHead returns the commit of git's HEAD at root; "" outside a git
// checkout or before its first commit.
func gitHead(root string) string {
	out, err := gitOutput(root, "rev-parse", "-q", "--verify", "HEAD^{commit}")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// recommitted reads again which files the last commit holds, when a
// commit was made (or checked out) since they were read, and returns the
// files of the records that share an ID with another: which of them
// id-duplicate reports depends on it. It is called while the dataset has
// id-duplicate findings, once a round (one git command).
func (ds *dataset) recommitted() []string {
	if gitHead(ds.root) == ds.head {
		return nil
	}
	ds.isNew, ds.head = committed(ds.root)
	var files []string
	for _, g := range ds.byID {
		if len(g) > 1 {
			for _, e := range g {
				files = append(files, e.rec.File)
			}
		}
	}
	sort.Strings(files)
	return files
}
