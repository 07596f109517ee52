package validate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"

	"go.yaml.in/yaml/v3"
)

var ruleConfig = register(&Rule{
	ID: "config", Severity: Error,
	Summary: "the dataset's dossier.yaml is not valid",
	Explain: "dossier.yaml, beside the records folder, configures the checks of one dataset. Under rules:, each key is a rule ID and its value " +
		"error, warning or off, overriding the rule's default severity (for the rules that grade their findings, such as date-order, every finding of the rule); under limits:, max-file-size, max-depth, max-string-size, max-values and max-records " +
		"raise or lower the input limits (positive whole numbers). An unknown section, rule ID, severity or limit is a finding, with the closest valid name suggested; " +
		"the file is otherwise used as far as it is valid.",
	Bad:  "rules:\n  orphans: of",
	Good: "rules:\n  orphan: off\n  figure-conflict: error",
})

// ConfigFile is the name of the dataset configuration, in the folder that
// holds records/.
const ConfigFile = "dossier.yaml"

// Config is what a dataset's dossier.yaml sets. The zero value changes
// nothing.
type Config struct {
	File     string              // the file read, slash-separated; "" when there is none
	Severity map[string]Severity // rule ID -> severity; for Options.Severity
	Limits   Limits              // zero fields keep the defaults
}

// ReadConfig reads the dossier.yaml beside the records folder root. A
// missing file is no error and gives the zero Config. Problems in the file
// are findings of rule config; the error is for a file that exists but
// cannot be read.
func ReadConfig(root string) (Config, List, error) {
	file := path.Join(path.Dir(filepath.ToSlash(root)), ConfigFile)
	if _, err := os.Stat(filepath.FromSlash(file)); errors.Is(err, fs.ErrNotExist) {
		return Config{}, nil, nil
	}
	// readFile: bounded, and a FIFO named dossier.yaml cannot hang the run
	src, err := readFile(file, maxConfigSize)
	var over *overLimit
	switch {
	case errors.As(err, &over), errors.Is(err, errNotRegular):
		l := List{{File: file, Rule: ruleConfig.ID, Severity: ruleConfig.Severity,
			Message: fmt.Sprintf("%s: %v; the defaults apply", ConfigFile, err)}}
		return Config{File: file}, l, nil
	case err != nil:
		return Config{}, nil, fmt.Errorf("%s: %v", file, err)
	}
	cfg, diags := ParseConfig(file, src)
	return cfg, diags, nil
}

// maxConfigSize bounds dossier.yaml, which holds a few settings.
const maxConfigSize = 64 << 10

// ParseConfig reads the text of a dossier.yaml named file.
func ParseConfig(file string, src []byte) (Config, List) {
	cfg := Config{File: file}
	var diags List
	add := func(n *yaml.Node, hint, format string, args ...any) {
		p := Pos{1, 1}
		if n != nil {
			p = Pos{n.Line, n.Column}
		}
		diags.Add(Diagnostic{File: file, Pos: p, Rule: ruleConfig.ID, Severity: ruleConfig.Severity, Message: fmt.Sprintf(format, args...), Hint: hint})
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return cfg, nil // empty: nothing set
		}
		pos, msg := yamlError(err, src)
		diags.Add(Diagnostic{File: file, Pos: pos, Rule: ruleConfig.ID, Severity: ruleConfig.Severity, Message: "not valid YAML: " + msg})
		return cfg, diags
	}
	if len(doc.Content) == 0 {
		return cfg, nil
	}
	top := doc.Content[0]
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return cfg, nil
	}
	if top.Kind != yaml.MappingNode {
		add(top, "write sections such as rules: and limits:", "%s must be a mapping of sections", ConfigFile)
		return cfg, diags
	}
	sections := []string{"rules", "limits", "dataset"}
	seen := map[string]bool{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if seen[k.Value] {
			add(k, "keep one", "section %q appears twice", k.Value)
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "rules":
			cfg.Severity = configRules(v, add)
		case "limits":
			cfg.Limits = configLimits(v, add)
		case "dataset":
			// the release compiler's: name, title, licences (release.ReadConfig checks it)
		default:
			add(k, "sections: "+join(sections), "unknown section %q%s", k.Value, suggestion(k.Value, sections))
		}
	}
	return cfg, diags
}

type configAdd func(n *yaml.Node, hint, format string, args ...any)

func configRules(v *yaml.Node, add configAdd) map[string]Severity {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		add(v, "write one rule per line: orphan: off", "rules must be a mapping of rule IDs to error, warning or off")
		return nil
	}
	var ids []string
	for _, r := range Rules() {
		ids = append(ids, r.ID)
	}
	levels := []string{"error", "warning", "off"}
	out := map[string]Severity{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if LookupRule(k.Value) == nil {
			add(k, "dossier rules lists the rules", "unknown rule %q%s", k.Value, suggestion(k.Value, ids))
			continue
		}
		if _, dup := out[k.Value]; dup {
			add(k, "keep one", "rule %q appears twice", k.Value)
			continue
		}
		s, err := ParseSeverity(val.Value)
		if err != nil || val.Kind != yaml.ScalarNode {
			add(val, "", "severity of %s must be error, warning or off, not %q%s", k.Value, val.Value, suggestion(val.Value, levels))
			continue
		}
		out[k.Value] = s
	}
	return out
}

func configLimits(v *yaml.Node, add configAdd) Limits {
	var lim Limits
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return lim
	}
	if v.Kind != yaml.MappingNode {
		add(v, "write one limit per line: max-file-size: 2097152", "limits must be a mapping of limit names to numbers")
		return lim
	}
	names := []string{"max-file-size", "max-depth", "max-string-size", "max-values", "max-records"}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if !contains(names, k.Value) {
			add(k, "limits: "+join(names), "unknown limit %q%s", k.Value, suggestion(k.Value, names))
			continue
		}
		n, err := strconv.ParseInt(val.Value, 10, 64)
		if err != nil || n <= 0 || val.Kind != yaml.ScalarNode || val.Tag != "!!int" {
			add(val, "", "%s must be a positive whole number, not %q", k.Value, val.Value)
			continue
		}
		switch k.Value {
		case "max-file-size":
			lim.MaxFileSize = n
		case "max-depth":
			lim.MaxDepth = clampInt(n)
		case "max-string-size":
			lim.MaxStringSize = clampInt(n)
		case "max-records":
			lim.MaxRecords = clampInt(n)
		case "max-values":
			lim.MaxValues = clampInt(n)
		}
	}
	return lim
}

func clampInt(n int64) int {
	if n > 1<<31-1 {
		return 1<<31 - 1
	}
	return int(n)
}

func join(l []string) string {
	s := append([]string(nil), l...)
	sort.Strings(s)
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}
