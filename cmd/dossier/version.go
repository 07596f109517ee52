package main

import (
	"runtime/debug"
	"strings"
)

// Version is the dossier version set at link time with
// -ldflags "-X main.Version=…" (make and the release builds do); empty
// otherwise. The version in use is tool.Version.
var Version string

// tool is this binary's version and source revision, resolved once before
// any init function runs.
var tool = readTool(Version, debug.ReadBuildInfo)

// toolVersion names a dossier build: Version is what release metadata
// and SARIF carry; Revision and Modified only name the source
// in dossier --version.
type toolVersion struct {
	Version  string // 1.2.0, 0.0.0-20261201120000-0123456789ab, or devel
	Revision string // the VCS commit; "" when the build did not record one
	Modified bool   // the work tree had uncommitted changes
}

// readTool resolves the version: the link-time one, else the module version
// that the go command recorded (go install …/cmd/dossier@v1.2.0 records
// v1.2.0), else "devel". A leading "v" is dropped so every path gives the
// same form as the VERSION file. The revision comes from the build info
// whenever the go command recorded it (a build inside a git checkout).
func readTool(linked string, read func() (*debug.BuildInfo, bool)) toolVersion {
	t := toolVersion{Version: linked}
	info, ok := read()
	if ok {
		if t.Version == "" {
			t.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				t.Revision = s.Value
			case "vcs.modified":
				t.Modified = s.Value == "true"
			}
		}
	}
	if t.Version == "" || t.Version == "(devel)" {
		t.Version = "devel"
	}
	if len(t.Version) > 1 && t.Version[0] == 'v' && t.Version[1] >= '0' && t.Version[1] <= '9' {
		t.Version = t.Version[1:]
	}
	return t
}

// String is the text of dossier --version after "dossier version ".
func (t toolVersion) String() string {
	var b strings.Builder
	b.WriteString(t.Version)
	if t.Revision != "" {
		b.WriteString(" (revision " + t.Revision)
		if t.Modified {
			b.WriteString(", modified")
		}
		b.WriteString(")")
	}
	return b.String()
}
