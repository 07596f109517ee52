package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// miniDataset is a small valid dataset: one event, one source.
var miniDataset = map[string]string{
	"dossier.yaml":                     "dataset:\n  name: mini\n",
	"VERSION":                          "1.0.0\n",
	"records/events/raid.yaml":         "id: raid\nstatus: active\ntitle: Police raid\ndate: \"2023-06-20?\"\nsources:\n  - source: obc-article\n    locator: para. 2\n",
	"records/sources/obc-article.yaml": "id: obc-article\nstatus: active\ntitle: \"Albania: The MEK and National Security\"\nkind: article\n",
}

// TestFlagsAnywhere: for every command, flags written after the arguments
// (or between them) act as flags written before them; "--" ends the flags.
func TestFlagsAnywhere(t *testing.T) {
	dir := writeDataset(t, miniDataset)
	env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
	schemaDir, err := filepath.Abs(filepath.Join("..", "..", "schemas"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ before, after []string }{
		{[]string{"validate", "--strict", "-f", "json", "records/events/raid.yaml"}, []string{"validate", "records/events/raid.yaml", "--strict", "-f", "json"}},
		{[]string{"validate", "--format=json", "records"}, []string{"validate", "records", "--format=json"}},
		{[]string{"validate", "--schemas", schemaDir, "records"}, []string{"validate", "records", "--schemas", schemaDir}},
		{[]string{"rules", "--format", "json", "orphan"}, []string{"rules", "orphan", "--format", "json"}},
		{[]string{"rules", "-f", "markdown", "orphan", "limit"}, []string{"rules", "orphan", "-f", "markdown", "limit"}},
		{[]string{"fmt", "--check", "records"}, []string{"fmt", "records", "--check"}},
		{[]string{"fmt", "--diff", "records"}, []string{"fmt", "records", "-d"}},
		{[]string{"new", "--title", "Second raid", "event"}, []string{"new", "event", "--title", "Second raid"}},
		{[]string{"diff", "--format", "json", "records", "records"}, []string{"diff", "records", "records", "--format", "json"}},
		{[]string{"docs", "--check", "--out", "docs"}, []string{"docs", "--out", "docs", "--check"}},
		{[]string{"build", "--dist", "out", "--version", "2.0.0", "records"}, []string{"build", "records", "--dist", "out", "--version", "2.0.0"}},
		{[]string{"gen", "--records", "6", "gen"}, []string{"gen", "gen", "--records", "6"}},
		{[]string{"validate", "--help"}, []string{"help", "validate"}},
		{[]string{"new", "source", "x", "--help"}, []string{"help", "new"}},
		{[]string{"rules", "orphan", "-h"}, []string{"help", "rules"}},
		{[]string{"--help"}, []string{"help"}},
	} {
		o1, e1, c1 := runIn(t, dir, append([]string{"dossier"}, c.before...), env)
		if strings.HasPrefix(c.before[0], "gen") || c.before[0] == "build" {
			os.RemoveAll(filepath.Join(dir, "gen"))
			os.RemoveAll(filepath.Join(dir, "out"))
		}
		o2, e2, c2 := runIn(t, dir, append([]string{"dossier"}, c.after...), env)
		if !bytes.Equal(o1, o2) || !bytes.Equal(e1, e2) || c1 != c2 {
			t.Errorf("dossier %q gives exit %d\n%s%s\ndossier %q gives exit %d\n%s%s", c.before, c1, o1, e1, c.after, c2, o2, e2)
		}
		if c1 == ExitUsage || c1 == ExitFailure {
			t.Errorf("dossier %q: exit %d: %s", c.before, c1, e1)
		}
	}
	// After "--", a word starting with '-' is an argument.
	_, stderr, code := runIn(t, dir, []string{"dossier", "validate", "--", "--strict"}, nil)
	if code != ExitUsage || !strings.Contains(string(stderr), "--strict: no such file or directory") {
		t.Errorf("validate -- --strict: exit %d, %s", code, stderr)
	}
	_, stderr, code = runIn(t, dir, []string{"dossier", "rules", "orphan", "--", "--format"}, nil)
	if code != ExitUsage || !strings.Contains(string(stderr), `unknown rule "--format"`) {
		t.Errorf("rules orphan -- --format: exit %d, %s", code, stderr)
	}
}

func TestHoistFlags(t *testing.T) {
	app := newApp(Streams{Getenv: func(string) string { return "" }})
	for _, c := range []struct{ in, want string }{
		{"validate x.yaml --strict", "validate --strict x.yaml"},
		{"validate x.yaml -f json y.yaml", "validate -f json x.yaml y.yaml"},
		{"validate x.yaml --jobs -5", "validate --jobs -5 x.yaml"},
		{"validate x.yaml -- --strict", "validate -- x.yaml --strict"},
		{"validate -- -", "validate -"},
		{"validate x.yaml --schemas dir", "--schemas dir validate x.yaml"},
		{"--schemas dir validate --strict", "--schemas dir validate --strict"},
		{"validate x.yaml --bogus y", "validate --bogus x.yaml y"},
		{"help validate", "validate --help"},
		{"help", "--help"},
		{"nosuch --strict", "nosuch --strict"},
		{"new event --title Raid", "new --title Raid event"},
		{"new source x --help", "new --help"},
		{"rules orphan -h", "rules --help"},
		{"validate --strict x.yaml --help=true", "validate --help"},
	} {
		got := hoistFlags(app, append([]string{"dossier"}, strings.Fields(c.in)...))
		if want := append([]string{"dossier"}, strings.Fields(c.want)...); !reflect.DeepEqual(got, want) {
			t.Errorf("hoistFlags(%q) = %q, want %q", c.in, got[1:], want[1:])
		}
	}
}

// TestHelpOneDefault: each flag of each command's help states its default
// once at most, and switches state none.
func TestHelpOneDefault(t *testing.T) {
	app := newApp(Streams{Getenv: func(string) string { return "" }})
	var names []string
	for _, c := range app.Commands {
		names = append(names, c.Name)
	}
	sort.Strings(names)
	for _, name := range names {
		out, _, code := runIn(t, t.TempDir(), []string{"dossier", name, "--help"}, nil)
		if code != 0 {
			t.Errorf("%s --help: exit %d", name, code)
		}
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Count(line, "(default") > 1 || strings.Contains(line, "(default: false)") || strings.Contains(line, "(default: 0)") && strings.Contains(line, "default ") {
				t.Errorf("%s --help: %q", name, line)
			}
		}
	}
}

// TestBadFlagValues: a flag given a value it cannot take is a usage error
// naming it.
func TestBadFlagValues(t *testing.T) {
	dir := writeDataset(t, miniDataset)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"validate", "--jobs", "-5"}, "dossier: --jobs must be a number of workers from 1 to 1024, not -5 (leave it out for one per CPU)\n"},
		{[]string{"validate", "-j", "0"}, "dossier: --jobs must be a number of workers from 1 to 1024, not 0 (leave it out for one per CPU)\n"},
		{[]string{"fmt", "--jobs", "100000"}, "dossier: --jobs must be a number of workers from 1 to 1024, not 100000 (leave it out for one per CPU)\n"},
		{[]string{"validate", "-f", ""}, "dossier: --format is empty; give it a value (dossier validate --help lists them) or leave it out\n"},
		{[]string{"build", "--dist", ""}, "dossier: --dist is empty; give it a value (dossier build --help lists them) or leave it out\n"},
		{[]string{"new", "--records=", "event", "x"}, "dossier: --records is empty; give it a value (dossier new --help lists them) or leave it out\n"},
		{[]string{"gen", "--faults", "-1", "x"}, "dossier: --faults must be 0 or more, not -1\n"},
		{[]string{"validate", "--max-depth", "-1"}, "dossier: --max-depth must be 0 or more, not -1\n"},
		{[]string{"validate", "--color", "sometimes"}, "dossier: unknown --color \"sometimes\" (want auto, always or never)\n"},
		{[]string{"validate", "--strct"}, "dossier: unknown flag --strct; did you mean --strict? (dossier validate --help lists the flags)\n"},
		{[]string{"--bogus"}, "dossier: unknown flag --bogus (dossier --help lists the flags)\n"},
	} {
		stdout, stderr, code := runIn(t, dir, append([]string{"dossier"}, c.args...), nil)
		if code != ExitUsage || string(stderr) != c.want || len(stdout) != 0 {
			t.Errorf("dossier %q: exit %d\nstdout %q\nstderr %q\n  want %q", c.args, code, stdout, stderr, c.want)
		}
	}
}

func TestUseColor(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		when     string
		getenv   func(string) string
		terminal bool
		want     bool
	}{
		{"", env(), true, true},
		{"auto", env(), true, true},
		{"auto", env(), false, false},
		{"auto", env("NO_COLOR", "1"), true, false},
		{"auto", env("NO_COLOR", ""), true, true},
		{"auto", env("TERM", "dumb"), true, false},
		{"always", env("NO_COLOR", "1"), false, true},
		{"never", env(), true, false},
	} {
		got, err := useColor(c.when, c.getenv, c.terminal)
		if err != nil || got != c.want {
			t.Errorf("useColor(%q, terminal %v) = %v, %v; want %v", c.when, c.terminal, got, err, c.want)
		}
	}
}

// TestQuietAndColor: --quiet prints the findings without the count;
// --color always colours the severities, even into a pipe; --color never
// and the default into a pipe print no escape sequence.
func TestQuietAndColor(t *testing.T) {
	dir := writeDataset(t, miniDataset)
	bad := filepath.Join(dir, "records", "quotes", "q.yaml")
	os.MkdirAll(filepath.Dir(bad), 0o755)
	os.WriteFile(bad, []byte("id: q\nstatus: active\n"), 0o644)
	out, _, code := runIn(t, dir, []string{"dossier", "validate", "--quiet"}, nil)
	if code != ExitFindings || strings.Contains(string(out), " in 3 files") || !strings.Contains(string(out), "records/quotes/q.yaml:1:1: error:") {
		t.Errorf("validate --quiet: exit %d\n%s", code, out)
	}
	out, _, _ = runIn(t, dir, []string{"dossier", "validate", "--color", "always"}, map[string]string{"NO_COLOR": "1"})
	if !strings.Contains(string(out), "records/quotes/q.yaml:1:1: \x1b[1;31merror\x1b[0m: ") {
		t.Errorf("validate --color always:\n%q", out)
	}
	for _, args := range [][]string{{"validate"}, {"validate", "--color", "never"}, {"build", "--color", "auto"}} {
		out, _, _ = runIn(t, dir, append([]string{"dossier"}, args...), map[string]string{"SOURCE_DATE_EPOCH": "1"})
		if bytes.ContainsRune(out, 0x1b) || len(out) == 0 {
			t.Errorf("dossier %q into a pipe: %q", args, out)
		}
	}
	out, _, code = runIn(t, dir, []string{"dossier", "build", "-q", "--color", "always"}, map[string]string{"SOURCE_DATE_EPOCH": "1"})
	if code != ExitFindings || strings.Contains(string(out), " in 3 files") || !strings.Contains(string(out), "\x1b[1;31merror") {
		t.Errorf("build -q --color always: exit %d\n%q", code, out)
	}
}
