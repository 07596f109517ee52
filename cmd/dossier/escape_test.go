package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// hostileNames are file and folder names that would act on a terminal or
// a CI log if printed raw: workflow commands after a line break or at the
// start, OSC 52 (write the clipboard), bidirectional overrides, the
// runner's legacy command form.
var hostileNames = []string{
	"a\n::error file=README.md::pwned",
	"b\n::stop-commands::tok",
	"::error file=README.md::lead",
	"c\x1b]52;c;ZXZpbA==\x07",
	"d\u202eevil\u202c",
	"e ##[error]legacy",
	"f\r\u0085\u009b2J",
}

// ownAnnotation is a workflow command dossier writes itself: every one has
// a title naming dossier.
var ownAnnotation = regexp.MustCompile(`^::(error|warning|notice) [^:]*title=dossier[^:]*::`)

// TestHostileNamesEscaped runs every command that prints a path or a
// record's text over names holding line breaks, workflow commands, OSC 52
// and bidirectional overrides: no line of stdout or stderr may start a
// workflow command other than dossier's own annotations, hold "##[", or
// hold a control or bidirectional formatting character.
func TestHostileNamesEscaped(t *testing.T) {
	const source = "id: obc-article\nstatus: active\ntitle: \"Albania: The MEK and National Security\"\nkind: article\n"
	const event = "id: raid\nstatus: active\ntitle: Police raid\ndate: \"2023-06-20?\"\nsources:\n  - source: obc-article\n    locator: para. 2\n"
	// Not canonical (keys out of order), with a bidirectional override in
	// its text, which fmt --diff shows.
	const hostileRecord = "title: \"Raid \\u202Ereversed\\u202C\"\nid: raid-x\nstatus: active\n"
	for _, h := range hostileNames {
		dir := t.TempDir()
		write := func(name, data string) {
			t.Helper()
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, root := range []string{".", h} { // a dataset here, and one in a folder of the hostile name
			write(filepath.Join(root, "dossier.yaml"), "dataset:\n  name: mini\n")
			write(filepath.Join(root, "VERSION"), "1.0.0\n")
			write(filepath.Join(root, "records/sources/obc-article.yaml"), source)
			write(filepath.Join(root, "records/events/raid.yaml"), event)
		}
		write("records/events/"+h+".yaml", hostileRecord)
		write(h+".yaml", hostileRecord)
		gh := map[string]string{"GITHUB_ACTIONS": "true", "SOURCE_DATE_EPOCH": "1700000000"}
		plain := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
		for _, run := range []struct {
			env  map[string]string
			args []string
		}{
			{plain, []string{"validate"}},
			{gh, []string{"validate"}},
			{plain, []string{"validate", "--format", "json"}},
			{plain, []string{"fmt", "--check"}},
			{gh, []string{"fmt", "--check"}},
			{gh, []string{"fmt", "--check", h + ".yaml"}},
			{plain, []string{"fmt", "--diff"}},
			{plain, []string{"fmt", "--diff", h + ".yaml"}},
			{plain, []string{"fmt", h + ".yaml", filepath.Join(h, "nothing-here")}},
			{plain, []string{"build"}},
			{gh, []string{"build"}},
			{plain, []string{"build", "--dist", filepath.Join(h, "dist"), filepath.Join(h, "records")}},
			{plain, []string{"build", "--dist", filepath.Join(h, "dist"), "--previous", filepath.Join(h, "dist", "mini-1.0.0"), filepath.Join(h, "records")}},
			{plain, []string{"build", "--previous", h, filepath.Join(h, "records")}},
			{plain, []string{"diff", filepath.Join(h, "dist", "mini-1.0.0"), filepath.Join(h, "records")}},
			{plain, []string{"diff", filepath.Join(h, "records"), "records"}},
			{plain, []string{"diff", h}},
			{plain, []string{"new", "--write", "--records", filepath.Join(h, "records"), "event", "raid-2"}},
			{plain, []string{"new", "event", h}},
			{plain, []string{"rules", h}},
			{plain, []string{"docs", "--out", h}},
			{plain, []string{"help", h}},
			{plain, []string{h}},
			{plain, []string{"validate", "--" + h}},
			{plain, []string{"fmt", "fmt"}},
			{plain, []string{"fmt", "records"}}, // last: it rewrites the hostile record
		} {
			stdout, stderr, code := runIn(t, dir, append([]string{"dossier"}, run.args...), run.env)
			if code == ExitFailure && bytes.Contains(stderr, []byte("internal error")) {
				t.Errorf("%q: %s", run.args, stderr)
			}
			for name, out := range map[string][]byte{"stdout": stdout, "stderr": stderr} {
				if bad := rawLine(out); bad != "" {
					t.Errorf("dossier %q (%v): %s prints %q", run.args, run.env, name, bad)
				}
			}
		}
	}
}

// rawLine returns the first line of out that a terminal or the Actions
// runner would act upon, or "".
func rawLine(out []byte) string {
	for _, line := range strings.Split(string(out), "\n") {
		if strings.ContainsFunc(line, func(r rune) bool {
			return r != '\t' && unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == 0xFEFF
		}) || strings.Contains(line, "##[") {
			return line
		}
		if t := strings.TrimLeftFunc(line, unicode.IsSpace); strings.HasPrefix(t, "::") && !ownAnnotation.MatchString(t) {
			return line
		}
	}
	return ""
}
