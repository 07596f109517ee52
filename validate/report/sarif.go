package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"strings"

	"github.com/dossier-data/dossier/validate/diag"
)

// The SARIF 2.1.0 log, only the parts dossier writes. Field order follows
// the specification; every slice is written even when empty.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	Results    []sarifResult `json:"results"`
	ColumnKind string        `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	SemanticVer    string      `json:"semanticVersion,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string      `json:"id"`
	Name                 string      `json:"name"`
	ShortDescription     sarifText   `json:"shortDescription"`
	FullDescription      sarifText   `json:"fullDescription"`
	Help                 sarifText   `json:"help"`
	DefaultConfiguration sarifConfig `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          *sarifProps       `json:"properties,omitempty"`
}

type sarifProps struct {
	Pointer string `json:"pointer"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// sarifSchema is the schema URI the SARIF 2.1.0 specification names for
// logs (OASIS Standard, errata 01).
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// WriteSARIF writes the findings as a SARIF 2.1.0 log for code-scanning
// upload: one run whose driver describes, from the rule catalog, every rule
// with a finding (sorted by ID), and one result per finding located at its file, line and column (columns count Unicode
// code points, as dossier's do). A finding about a whole file points at its
// first line. File paths become URIs relative to %SRCROOT%, the dataset
// folder. partialFingerprints carry a hash of rule, file, JSON pointer and
// message, so an alert keeps its identity when lines move.
// sarif writes a SARIF 2.1.0 log for code scanning: the rules found,
// described from the catalog, and one result per finding.
type sarif struct {
	rules []*diag.Rule
	tool  string // the dossier version
}

func (s sarif) Write(w io.Writer, l diag.List, _ Summary) error {
	used := map[string]bool{}
	for _, d := range l {
		used[d.Rule] = true
	}
	index := map[string]int{}
	log := sarifLog{Schema: sarifSchema, Version: "2.1.0"}
	run := sarifRun{ColumnKind: "unicodeCodePoints", Results: make([]sarifResult, 0, len(l))}
	run.Tool.Driver = sarifDriver{Name: "dossier", Version: s.tool, Rules: []sarifRule{}}
	if semver(s.tool) {
		run.Tool.Driver.SemanticVer = s.tool
	}
	for _, r := range s.rules {
		if used[r.ID] {
			index[r.ID] = len(run.Tool.Driver.Rules)
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(r))
		}
	}
	for _, d := range l {
		i, ok := index[d.Rule]
		if !ok {
			i = -1 // a rule outside the catalog: ruleId alone names it
		}
		msg := d.Message
		if d.Hint != "" {
			msg += "\nHint: " + d.Hint
		}
		line := d.Line
		if line < 1 {
			line = 1
		}
		res := sarifResult{
			RuleID: d.Rule, RuleIndex: i, Level: sarifLevel(d.Severity),
			Message: sarifText{Text: msg},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: fileURI(d.File), URIBaseID: "%SRCROOT%"},
				Region:           sarifRegion{StartLine: line, StartColumn: d.Column},
			}}},
			PartialFingerprints: map[string]string{"dossierFinding/v1": fingerprint(d)},
		}
		if d.Pointer != "" {
			res.Properties = &sarifProps{Pointer: d.Pointer}
		}
		run.Results = append(run.Results, res)
	}
	log.Runs = []sarifRun{run}
	return writeJSON(w, log)
}

func sarifRuleOf(r *diag.Rule) sarifRule {
	help := r.Summary
	if r.Explain != "" {
		help += "\n\n" + r.Explain
	}
	md := help
	if r.Bad != "" {
		help += "\n\nFails:\n" + r.Bad
		md += "\n\nFails:\n\n```yaml\n" + strings.TrimRight(r.Bad, "\n") + "\n```"
	}
	if r.Good != "" {
		help += "\n\nPasses:\n" + r.Good
		md += "\n\nPasses:\n\n```yaml\n" + strings.TrimRight(r.Good, "\n") + "\n```"
	}
	full := r.Explain
	if full == "" {
		full = r.Summary
	}
	return sarifRule{
		ID: r.ID, Name: ruleName(r.ID),
		ShortDescription:     sarifText{Text: r.Summary},
		FullDescription:      sarifText{Text: full},
		Help:                 sarifText{Text: help, Markdown: md},
		DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
	}
}

// ruleName turns a rule ID into the PascalCase name SARIF viewers show:
// schema-enum becomes SchemaEnum.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "none"
}

// fileURI turns a slash-separated relative path into a relative URI
// reference, escaping what a URI cannot hold.
func fileURI(p string) string {
	return (&url.URL{Path: p}).String()
}

func fingerprint(d diag.Diagnostic) string {
	h := sha256.Sum256([]byte(d.Rule + "\x00" + d.File + "\x00" + d.Pointer + "\x00" + d.Message))
	return hex.EncodeToString(h[:16])
}

// semver reports whether v looks like a semantic version (1.2.3, with an
// optional pre-release or build suffix).
func semver(v string) bool {
	core, _, _ := strings.Cut(v, "+")
	core, _, _ = strings.Cut(core, "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}
