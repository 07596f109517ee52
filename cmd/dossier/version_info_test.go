package main

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

// The version is the link-time one, else the module version that go
// install records, else devel; the revision comes from the build info in
// every case, so dossier --version names the source of any build.
func TestReadTool(t *testing.T) {
	info := func(version string, settings ...string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/dossier-data/dossier", Version: version}}
			for i := 0; i+1 < len(settings); i += 2 {
				bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
			}
			return bi, true
		}
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	const rev = "0123456789abcdef0123456789abcdef01234567"
	cases := []struct {
		name   string
		linked string
		read   func() (*debug.BuildInfo, bool)
		want   string
	}{
		{"go install at a tag", "", info("v1.2.0"), "1.2.0"},
		{"go install at a commit", "", info("v0.0.0-20261201120000-0123456789ab"), "0.0.0-20261201120000-0123456789ab"},
		{"source tree", "", info("(devel)", "vcs.revision", rev, "vcs.modified", "true"), "devel (revision " + rev + ", modified)"},
		{"clean source tree", "", info("(devel)", "vcs.revision", rev, "vcs.modified", "false"), "devel (revision " + rev + ")"},
		{"linked", "0.3.0", info("(devel)", "vcs.revision", rev), "0.3.0 (revision " + rev + ")"},
		{"linked wins over the module version", "0.3.0", info("v9.9.9"), "0.3.0"},
		{"no build info", "", none, "devel"},
		{"a word that starts with v", "", info("vnext"), "vnext"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := readTool(c.linked, c.read).String(); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// dossier --version prints the resolved version on one line.
func TestVersionFlag(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Main([]string{"dossier", "--version"}, Streams{In: strings.NewReader(""), Out: &out, Err: &errOut})
	if code != ExitOK || errOut.Len() > 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	if want := "dossier version " + tool.String() + "\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}
