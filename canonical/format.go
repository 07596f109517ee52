package canonical

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/record"

	"go.yaml.in/yaml/v3"
)

// ErrNotParsed is returned when the file cannot be formatted because reading
// it gave errors; the findings say why.
var ErrNotParsed = errors.New("the file has errors; fix them before formatting")

// ErrComment is returned when a comment stands where the YAML library does
// not read it (after the "[" or "{" that opens a list or mapping written
// over several lines, or after the "..." that ends the document), so that
// the canonical form would lose it.
var ErrComment = errors.New("a comment is where dossier fmt cannot keep it")

// ErrSilence is returned when the canonical form would change what a
// silence (# dossier:ignore) covers: the values on its line, or on the
// line below when it stands alone. Formatting never changes the findings.
var ErrSilence = errors.New("the silence would cover other values")

// Format returns the canonical form of one record file. file names it in
// findings; kind gives the key order and the date fields (nil: keys stay in
// the order written). A file whose reading gives errors (YAML syntax,
// duplicate keys, anchors, tags, …) is not formatted: the findings come back
// with ErrNotParsed. Warnings do not stop it. Any other error means the
// formatter could not keep the record's value and is a bug in dossier.
//
// A UTF-8 byte-order mark is dropped (the canonical form has none) and
// YAML 1.1 booleans written as text get quotes, so the findings about them
// are fixed, not reported.
func Format(file string, src []byte, kind *schemas.Kind) ([]byte, diag.List, error) {
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	value, diags := parse(file, src, kind)
	if !value.Exists() || hasErrors(diags) {
		return nil, diags, ErrNotParsed
	}
	out, err := formatOnce(src, kind)
	// The YAML library does not always read a comment back where it wrote
	// it (one after an empty {} or [] becomes the next key's), so a file
	// with comments is formatted again until it no longer changes.
	for i := 0; err == nil && bytes.IndexByte(out, '#') >= 0; i++ {
		again, err2 := formatOnce(out, kind)
		if err2 == nil && bytes.Equal(again, out) {
			break
		}
		if out, err = again, err2; i == 3 {
			err = errors.New("its comments do not settle")
		}
	}
	if err != nil {
		return nil, diags, fmt.Errorf("%s: writing the canonical form: %v; the file is left as it is (a dossier bug: please report it)", file, err)
	}
	again, rediags := parse(file, out, kind)
	if hasErrors(rediags) || !sameValue(value, again) {
		return nil, diags, fmt.Errorf("%s: the canonical form would change the record's value; the file is left as it is (a dossier bug: please report it)", file)
	}
	if err := keepsComments(file, src, out); err != nil {
		return nil, diags, err
	}
	if err := keepsSilences(file, src, out, kind); err != nil {
		return nil, diags, err
	}
	return out, diags, nil
}

// keepsComments checks that out holds every comment of src, as many times:
// a comment is data to the contributor (and a silence to validate), so
// losing one is an error, never a quiet change. A comment that the YAML
// library does not read at all is the contributor's to move (ErrComment);
// any other loss is a bug.
func keepsComments(file string, src, out []byte) error {
	if bytes.IndexByte(src, '#') < 0 {
		return nil
	}
	in, err := comments(src)
	if err != nil {
		return fmt.Errorf("%s: %v; the file is left as it is (a dossier bug: please report it)", file, err)
	}
	kept, err := comments(out)
	if err != nil {
		return fmt.Errorf("%s: the canonical form: %v; the file is left as it is (a dossier bug: please report it)", file, err)
	}
	c, lost := lostComment(in, kept)
	if !lost {
		return nil
	}
	if readComments(src)[c.text] < count(in, c.text) {
		return fmt.Errorf("%s:%d:%d: %w: %q; move it onto a line of its own (the file is left as it is)", file, c.line, c.column, ErrComment, c.text)
	}
	return fmt.Errorf("%s:%d:%d: the canonical form would lose the comment %q; the file is left as it is (a dossier bug: please report it)", file, c.line, c.column, c.text)
}

// parse reads a record file as validation does (default limits) and
// returns its value with the findings of that reading, sorted.
func parse(file string, src []byte, kind *schemas.Kind) (record.Value, diag.List) {
	r := read.Parse(file, src, kind, config.Limits{})
	r.Findings.Sort()
	return r.Value, r.Findings
}

// sameValue reports whether two records read to the same JSON value: a
// record.Value holds its value encoded, keys in order, in one string.
func sameValue(a, b record.Value) bool { return a.Encoded() == b.Encoded() }

func hasErrors(l diag.List) bool {
	e, _ := l.Count()
	return e > 0
}

// formatOnce reads src and writes it in canonical form.
func formatOnce(src []byte, kind *schemas.Kind) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&doc); err != nil {
		return nil, err
	}
	formatter{}.document(&doc, kind)
	return encode(&doc)
}

// encode writes the document with two-space indentation, LF line ends and
// exactly one final newline.
func encode(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	out := bytes.ReplaceAll(buf.Bytes(), []byte("\r\n"), []byte("\n"))
	out = append(bytes.TrimRight(out, "\n"), '\n')
	return commentSpacing(out), nil
}

// commentSpacing puts two spaces between a value and the comment at the end
// of its line (the YAML library writes one), as yamllint and most YAML
// style guides ask. The comments are found by reading the output back, so
// a "#" inside text is never touched.
func commentSpacing(out []byte) []byte {
	if bytes.IndexByte(out, '#') < 0 {
		return out // no comment, nothing to read back
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(out, &doc); err != nil {
		return out
	}
	at := map[int]string{} // line -> its end-of-line comment
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.LineComment != "" && !strings.Contains(n.LineComment, "\n") {
			at[n.Line] = n.LineComment
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	if len(at) == 0 {
		return out
	}
	lines := bytes.SplitAfter(out, []byte("\n"))
	for n, comment := range at {
		if n < 1 || n > len(lines) {
			continue
		}
		line := bytes.TrimSuffix(lines[n-1], []byte("\n"))
		one, two := []byte(" "+comment), []byte("  "+comment)
		if bytes.HasSuffix(line, one) && !bytes.HasSuffix(line, two) && len(line) > len(one) {
			fixed := append(append(append([]byte{}, line[:len(line)-len(one)]...), two...), '\n')
			lines[n-1] = fixed
		}
	}
	return bytes.Join(lines, nil)
}

// Equal reports whether src is already in canonical form.
func Equal(file string, src []byte, kind *schemas.Kind) (bool, diag.List, error) {
	out, diags, err := Format(file, src, kind)
	if err != nil {
		return false, diags, err
	}
	return bytes.Equal(out, src), diags, nil
}
