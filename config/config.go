// Package config reads dossier.yaml, the configuration of one dataset,
// kept at the dataset root beside records/: the severity of rules, the
// input limits, and what a release says about the dataset. It is read once
// per run, into one Config that validation and the release compiler both
// take. Mistakes in the file are findings of rule config, positioned.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read/yamlerr"
	"github.com/dossier-data/dossier/validate/record"

	"go.yaml.in/yaml/v3"
)

// File is the name of the dataset configuration, at the dataset root.
const File = "dossier.yaml"

// Rule describes the findings about dossier.yaml itself.
var Rule = &diag.Rule{
	ID: "config", Severity: diag.Error, Scope: diag.ScopeConfig,
	Summary: "the dataset's dossier.yaml is not valid",
	Explain: "dossier.yaml, beside the records folder, configures one dataset. Under rules:, each key is a rule ID and its value " +
		"error, warning or off, overriding the rule's default severity (for the rules that grade their findings, such as date-order, every finding of the rule); " +
		"the rules that keep a broken record out of a release (reading a file, its YAML and its schema) cannot be lowered or switched off, " +
		"nor can those a release's keys depend on (id-duplicate and ref-unresolved: every ID unique, every reference resolved). " +
		"Under limits:, max-file-size, max-depth, max-string-size, max-values and max-records " +
		"raise or lower the input limits (positive whole numbers). Under dataset:, name, title, description, homepage, keywords, licenses, sources, " +
		"contributors and citation describe the dataset in its releases; the name is at most 100 lowercase letters, digits, '.', '_' or '-', " +
		"a licence's name is an SPDX or Open Definition identifier (or LicenseRef-<name>), links are http(s) URLs, " +
		"and no text holds a control or bidirectional formatting character (as text-control refuses in records). The file holds one YAML document. An unknown section, key, rule ID, severity or limit is a finding, " +
		"with the closest valid name suggested; the file is otherwise used as far as it is valid.",
	Bad:  "rules:\n  orphans: of",
	Good: "rules:\n  orphan: off\n  figure-conflict: error",
}

// KeyRules are the rules across records that a release's keys depend on:
// IDs are primary keys, unique (id-duplicate), and references foreign
// keys, naming a record of the right kind (ref-unresolved). Like the rules
// that keep a broken record out (diag.Rule.Guards), they cannot be lowered
// or switched off: a release built past them would break its own keys.
// id-filename is not one: a duplicated ID is id-duplicate's to find.
var KeyRules = []string{"id-duplicate", "ref-unresolved"}

// Config is what a dataset's dossier.yaml sets. The zero value changes
// nothing; Parse fills in the dataset's defaults.
type Config struct {
	File    string                   // the file read, slash-separated; "" when there is none
	Rules   map[string]diag.Severity // rule ID -> severity
	Limits  Limits                   // zero fields keep the defaults
	Dataset Dataset
}

// Default is the configuration of a dataset without dossier.yaml.
func Default() Config { return Config{Dataset: Dataset{}.withDefaults()} }

// maxSize bounds dossier.yaml, which holds a few settings.
const maxSize = 64 << 10

// Read reads the dossier.yaml at the dataset root. A missing file is no
// error and gives Default(). rules is the catalog the rules: section may
// name. Problems in the file are findings; the error is for a file that
// exists but cannot be read.
func Read(root string, rules []*diag.Rule) (Config, diag.List, error) {
	file := path.Join(filepath.ToSlash(root), File)
	src, err := readFile(filepath.FromSlash(file))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Default(), nil, nil
	case errors.Is(err, errNotRegular), errors.As(err, new(tooLarge)):
		c := Default()
		c.File = file
		var l diag.List
		l.Addf(Rule, file, diag.Pos{}, "", "%s: %v; the defaults apply", File, err)
		return c, l, nil
	case err != nil:
		return Config{}, nil, fmt.Errorf("%s: %v", file, unwrap(err))
	}
	c, l := Parse(file, src, rules)
	return c, l, nil
}

var errNotRegular = errors.New("not a regular file")

// tooLarge is the error of a file over maxSize.
type tooLarge struct{ size int64 }

func (e tooLarge) Error() string {
	return fmt.Sprintf("file of %d bytes is over the limit of %d bytes", e.size, maxSize)
}

// readFile reads a regular file of at most maxSize bytes. The open does not
// block, so a FIFO named dossier.yaml cannot hang a run.
func readFile(p string) ([]byte, error) {
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	switch {
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular():
		return nil, errNotRegular
	case info.Size() > maxSize:
		return nil, tooLarge{info.Size()}
	}
	src, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err == nil && len(src) > maxSize {
		err = tooLarge{int64(len(src))}
	}
	return src, err
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parser collects the findings of one file.
type parser struct {
	file  string
	rules []*diag.Rule
	diags diag.List
}

func (p *parser) add(n *yaml.Node, hint, format string, args ...any) {
	pos := diag.Pos{Line: 1, Column: 1}
	if n != nil {
		pos = diag.Pos{Line: n.Line, Column: n.Column}
	}
	p.diags.Add(diag.Diagnostic{File: p.file, Pos: pos, Rule: Rule.ID, Severity: Rule.Severity, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// yamlError reports a syntax error of src where it is, as the reader of
// record files does.
func (p *parser) yamlError(err error, src []byte) {
	pos, msg := yamlerr.Locate(err, src)
	p.diags.Add(diag.Diagnostic{File: p.file, Pos: pos, Rule: Rule.ID, Severity: Rule.Severity,
		Message: "not valid YAML: " + msg, Hint: yamlerr.Hint(msg, src, pos.Line)})
}

// Parse reads the text of a dossier.yaml named file; rules is the catalog
// the rules: section may name.
func Parse(file string, src []byte, rules []*diag.Rule) (Config, diag.List) {
	c := Default()
	c.File = file
	p := &parser{file: file, rules: rules}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) {
			p.yamlError(err, src)
		}
		return c, p.diags
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil {
		p.add(&more, "keep one document: remove the --- line and merge what follows into the sections above",
			"%s holds a second YAML document, which would be ignored", File)
		return c, p.diags
	} else if !errors.Is(err, io.EOF) {
		p.yamlError(err, src)
		return c, p.diags
	}
	if len(doc.Content) == 0 {
		return c, nil
	}
	top := doc.Content[0]
	if isNull(top) {
		return c, nil
	}
	if top.Kind != yaml.MappingNode {
		p.add(top, "write sections such as rules: and limits:", "%s must be a mapping of sections", File)
		return c, p.diags
	}
	sections := []string{"rules", "limits", "dataset"}
	seen := map[string]bool{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if seen[k.Value] {
			p.add(k, "keep one", "section %q appears twice", k.Value)
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "rules":
			c.Rules = p.severities(v)
		case "limits":
			c.Limits = p.limits(v)
		case "dataset":
			c.Dataset = p.dataset(v).withDefaults()
		default:
			p.add(k, "sections: "+join(sections), "unknown section %q%s", k.Value, diag.Suggestion(k.Value, sections))
		}
	}
	return c, p.diags
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func (p *parser) severities(v *yaml.Node) map[string]diag.Severity {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		p.add(v, "write one rule per line: orphan: off", "rules must be a mapping of rule IDs to error, warning or off")
		return nil
	}
	byID := map[string]*diag.Rule{}
	var ids []string
	for _, r := range p.rules {
		byID[r.ID] = r
		ids = append(ids, r.ID)
	}
	levels := []string{"error", "warning", "off"}
	out := map[string]diag.Severity{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		r := byID[k.Value]
		if r == nil {
			p.add(k, "dossier rules lists the rules", "unknown rule %q%s", k.Value, diag.Suggestion(k.Value, ids))
			continue
		}
		if _, dup := out[k.Value]; dup {
			p.add(k, "keep one", "rule %q appears twice", k.Value)
			continue
		}
		s, err := diag.ParseSeverity(val.Value)
		if err != nil || val.Kind != yaml.ScalarNode {
			p.add(val, "", "severity of %s must be error, warning or off, not %q%s", k.Value, val.Value, diag.Suggestion(val.Value, levels))
			continue
		}
		if r.Guards() && s != diag.Error {
			p.add(val, "fix the records it finds instead; it stays an error",
				"rule %s cannot be set to %s: a release cannot hold a record it finds broken", k.Value, s)
			continue
		}
		if contains(KeyRules, k.Value) && s != diag.Error {
			p.add(val, "fix the records it finds instead; it stays an error",
				"rule %s cannot be set to %s: a release's keys need it (every ID unique, every reference resolved)", k.Value, s)
			continue
		}
		out[k.Value] = s
	}
	return out
}

func (p *parser) limits(v *yaml.Node) Limits {
	var lim Limits
	if isNull(v) {
		return lim
	}
	if v.Kind != yaml.MappingNode {
		p.add(v, "write one limit per line: max-file-size: 2097152", "limits must be a mapping of limit names to numbers")
		return lim
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		set := lim.field(k.Value)
		if set == nil {
			p.add(k, "limits: "+join(LimitNames), "unknown limit %q%s", k.Value, diag.Suggestion(k.Value, LimitNames))
			continue
		}
		n, err := strconv.ParseInt(val.Value, 10, 64)
		if err != nil || n <= 0 || val.Kind != yaml.ScalarNode || val.Tag != "!!int" {
			p.add(val, "", "%s must be a positive whole number, not %q", k.Value, val.Value)
			continue
		}
		set(n)
	}
	return lim
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// ValidName reports whether s can name a dataset (and its release folder).
func ValidName(s string) bool { return len(s) <= MaxName && nameRE.MatchString(s) }

// MaxName bounds a dataset name, which names the release folder and its
// archive: with the version and a build's temporary suffixes, a file name
// stays well under the 255 bytes file systems allow.
const MaxName = 100

// plainText reports every text of the dataset section that holds a
// control character other than tab and line feed, or a bidirectional
// formatting character: they would reach the release page and the
// descriptor as they are, where a record's text would be refused
// (text-control).
func (p *parser) plainText(n *yaml.Node) bool {
	if n.Kind == yaml.ScalarNode {
		for _, r := range n.Value {
			if name := record.ControlName(r); name != "" {
				p.add(n, "remove the character, or write it as a visible one", "%s in the dataset metadata", name)
				return false
			}
		}
		return true
	}
	ok := true
	for _, c := range n.Content {
		ok = p.plainText(c) && ok
	}
	return ok
}

func (p *parser) dataset(v *yaml.Node) Dataset {
	var d Dataset
	if isNull(v) {
		return d
	}
	if v.Kind != yaml.MappingNode {
		p.add(v, "write name:, title:, licenses: and the like under dataset:", "dataset must be a mapping")
		return d
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k := v.Content[i]
		if !contains(datasetKeys, k.Value) {
			p.add(k, "dataset keys: "+join(datasetKeys), "unknown dataset key %q%s", k.Value, diag.Suggestion(k.Value, datasetKeys))
			return d
		}
	}
	if err := v.Decode(&d); err != nil {
		p.add(v, "", "dataset: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return Dataset{}
	}
	if d.Name != "" && !ValidName(d.Name) {
		p.add(valueOf(v, "name"), "for example: "+strconv.Quote(orDefault(record.Kebab(d.Name[:min(len(d.Name), MaxName)]))),
			"dataset name %q must be at most %d lowercase letters, digits, '.', '_' or '-'", d.Name, MaxName)
		d.Name = ""
	}
	if !p.plainText(v) {
		return Dataset{}
	}
	p.licenses(valueOf(v, "licenses"), d.Licenses)
	for _, u := range d.links() {
		if *u.url != "" && !webURL(*u.url) {
			p.add(valueOf(v, u.key), "write an http or https URL", "%s %q is not an http(s) URL", u.key, *u.url)
			*u.url = ""
		}
	}
	return d
}

// licenses reports each licence name that LicenseID refuses, at its
// name, and drops it; n is the licenses: node, l its value decoded.
func (p *parser) licenses(n *yaml.Node, l []License) {
	for i := range l {
		if l[i].Name == "" {
			continue
		}
		if _, err := LicenseID(l[i].Name); err != nil {
			at := n
			if n.Kind == yaml.SequenceNode && i < len(n.Content) {
				at = valueOf(n.Content[i], "name")
			}
			p.add(at, LicenseHint, "%v", err)
			l[i].Name = ""
		}
	}
}

// valueOf returns the value node of key in mapping m, or m.
func valueOf(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return m
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func join(l []string) string {
	s := append([]string(nil), l...)
	sort.Strings(s)
	return strings.Join(s, ", ")
}
