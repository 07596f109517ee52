package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFmtRewrites: dossier fmt rewrites files not in canonical form in
// place, keeps their permissions, leaves canonical and broken files alone,
// and a second run has nothing to do. --check and --diff rewrite nothing.
func TestFmtRewrites(t *testing.T) {
	dir := t.TempDir()
	raw := "title: Raid\nid: raid\nstatus: active\ndate: 2023-06-20?\nsources:\n- source: s\n  locator: para. 1\n"
	want := "id: raid\nstatus: active\ntitle: Raid\ndate: \"2023-06-20?\"\nsources:\n  - source: s\n    locator: para. 1\n"
	broken := "id: broken\ntitle: \"unclosed\n"
	files := map[string]struct {
		data string
		mode os.FileMode
	}{
		"records/events/raid.yaml":   {raw, 0o600},
		"records/events/done.yaml":   {want, 0o644},
		"records/events/broken.yaml": {broken, 0o644},
	}
	for name, f := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(f.data), f.mode); err != nil {
			t.Fatal(err)
		}
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, flag := range []string{"--check", "--diff"} {
		if _, _, code := runIn(t, dir, []string{"dossier", "fmt", flag}, nil); code != 1 {
			t.Fatalf("fmt %s: exit %d, want 1 (a broken file)", flag, code)
		}
		if read("records/events/raid.yaml") != raw {
			t.Fatalf("fmt %s rewrote a file", flag)
		}
	}
	out, _, code := runIn(t, dir, []string{"dossier", "fmt"}, nil)
	if code != 1 || string(out) != "records/events/raid.yaml\n" {
		t.Fatalf("fmt: exit %d, stdout %q; want exit 1 (broken file) and the one rewritten file", code, out)
	}
	if got := read("records/events/raid.yaml"); got != want {
		t.Fatalf("rewritten:\n%s\nwant:\n%s", got, want)
	}
	if read("records/events/broken.yaml") != broken {
		t.Fatal("a file with a syntax error was rewritten")
	}
	info, err := os.Stat(filepath.Join(dir, "records/events/raid.yaml"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("permissions %v (err %v), want 0600 kept", info.Mode().Perm(), err)
	}
	os.Remove(filepath.Join(dir, "records/events/broken.yaml"))
	out, errOut, code := runIn(t, dir, []string{"dossier", "fmt"}, nil)
	if code != 0 || len(out) != 0 || len(errOut) != 0 {
		t.Fatalf("second run: exit %d, stdout %q, stderr %q; want nothing to do", code, out, errOut)
	}
	if _, _, code := runIn(t, dir, []string{"dossier", "fmt", "--check"}, nil); code != 0 {
		t.Fatalf("--check after fmt: exit %d", code)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "records/events/.*"))
	if len(left) != 0 {
		t.Fatalf("temporary files left behind: %v", left)
	}
}

// TestFmtKeepsSilenceOnItsLine: a silence at the end of a flow list still
// silences after fmt, and a comment at the end of one stays on its key's
// line: validate reports neither the silenced finding nor an unused
// silence.
func TestFmtKeepsSilenceOnItsLine(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"records/events/old.yaml": "id: old\nstatus: withdrawn\nwithdrawn:\n  reason: merged\ntitle: Old\ndate: \"2023\"\n" +
			"sources:\n  - source: s\n    locator: para. 1\n",
		"records/actors/a.yaml":  "id: a\nstatus: active\nname: A\ntype: person\n",
		"records/sources/s.yaml": "id: s\nstatus: active\ntitle: S\nkind: article\n",
		"records/quotes/q.yaml": "id: q\nstatus: active\nspeaker: a\ndate: \"2023\"\ntext: words\nlanguage: en\nmode: direct\n" +
			"about: [old]  # dossier:ignore withdrawn-ref -- kept on purpose\n" +
			"notes: a note\nsources: [{source: s, locator: para. 2}]  # checked 2024\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, errOut, code := runIn(t, dir, []string{"dossier", "fmt"}, nil); code != 0 {
		t.Fatalf("fmt: exit %d\n%s%s", code, out, errOut)
	}
	got, err := os.ReadFile(filepath.Join(dir, "records/quotes/q.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := "id: q\nstatus: active\nspeaker: a\ndate: \"2023\"\ntext: words\nlanguage: en\nmode: direct\n" +
		"about: [old]  # dossier:ignore withdrawn-ref -- kept on purpose\n" +
		"notes: a note\nsources:  # checked 2024\n  - source: s\n    locator: para. 2\n"
	if string(got) != want {
		t.Fatalf("formatted:\n%s\nwant:\n%s", got, want)
	}
	out, _, _ := runIn(t, dir, []string{"dossier", "validate", "--strict", "-q"}, nil)
	if strings.Contains(string(out), "withdrawn-ref") || strings.Contains(string(out), "ignore-unused") {
		t.Fatalf("the silence no longer silences after fmt:\n%s", out)
	}
}

// TestDanglingLinkNamed: a record file that is a symbolic link to nothing,
// named on the command line, is validate's file-read finding about that
// file, naming the missing target (escaped), with exit 1, for fmt as for
// validate and as when its folder is named; it is no usage error. A path
// that does not exist at all still is one.
func TestDanglingLinkNamed(t *testing.T) {
	dir := writeDataset(t, map[string]string{
		"dossier.yaml":           "dataset:\n  name: d\n",
		"records/places/ok.yaml": "id: ok\nstatus: active\nname: OK\ntype: site\n",
	})
	for name, target := range map[string]string{"x.yaml": "missing.yaml", "y.yaml": "gone\x1b[2J.yaml"} {
		if err := os.Symlink(target, filepath.Join(dir, "records/places", name)); err != nil {
			t.Skip(err)
		}
	}
	finding := map[string]string{
		"x": "records/places/x.yaml: error: record file is a symbolic link to missing.yaml, which does not exist; records are regular files inside records [file-read]\n",
		"y": "records/places/y.yaml: error: record file is a symbolic link to gone?[2J.yaml, which does not exist; records are regular files inside records [file-read]\n",
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"fmt", "records/places/x.yaml"}, finding["x"]},
		{[]string{"fmt", "--check", "records/places/y.yaml"}, finding["y"]},
		{[]string{"fmt", "records/places"}, finding["x"] + finding["y"]},
		{[]string{"validate", "records/places/x.yaml"}, finding["x"]},
		{[]string{"validate", "records/places/y.yaml"}, finding["y"]},
		{[]string{"validate"}, finding["x"] + finding["y"]},
	} {
		out, errOut, code := runIn(t, dir, append([]string{"dossier"}, c.args...), nil)
		got := string(errOut)
		if c.args[0] == "validate" {
			got = string(out)
		}
		if code != ExitFindings || !strings.Contains(got, c.want) {
			t.Errorf("dossier %v: exit %d, stdout %q, stderr %q; want exit 1 and:\n%s", c.args, code, out, errOut, c.want)
		}
	}
	for _, cmd := range []string{"fmt", "validate"} {
		_, errOut, code := runIn(t, dir, []string{"dossier", cmd, "records/places/none.yaml"}, nil)
		if want := "dossier: records/places/none.yaml: no such file or directory\n"; code != ExitUsage || string(errOut) != want {
			t.Errorf("dossier %s of a path that does not exist: exit %d, stderr %q; want exit 2 and %q", cmd, code, errOut, want)
		}
	}
}

// TestFmtReportsWhatItCannotRead: fmt lists the records folder as validate
// does, so a symbolic link, a FIFO and a folder named like a record are
// each reported (validate's file-read finding) and fail the run, with
// --check too, instead of being skipped; the readable files are still
// formatted. A path outside the records folder is a usage error.
func TestFmtReportsWhatItCannotRead(t *testing.T) {
	dir := writeDataset(t, map[string]string{
		"dossier.yaml":             "name: d\n",
		"records/places/ok.yaml":   "id: ok\nstatus:    active\n",
		"records/places/d.yaml/x":  "",
		"records/places/README.md": "notes\n",
	})
	outside := filepath.Join(t.TempDir(), "out.yaml")
	os.WriteFile(outside, []byte("id: link\nstatus:    active\n"), 0o644)
	if err := os.Symlink(outside, filepath.Join(dir, "records/places/link.yaml")); err != nil {
		t.Skip(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "records/places/pipe.yaml"), 0o644); err != nil {
		t.Skip(err)
	}
	wantErr := "records/places/d.yaml: error: records/places/d.yaml is a folder, not a record file [file-read]\n" +
		"records/places/link.yaml: error: record file is a symbolic link; records are regular files inside records [file-read]\n" +
		"records/places/pipe.yaml: error: record file is not a regular file [file-read]\n"
	for _, args := range [][]string{{"fmt", "--check"}, {"fmt"}, {"fmt", "records/places"}} {
		out, errOut, code := runIn(t, dir, append([]string{"dossier"}, args...), nil)
		if code != ExitFindings || !strings.HasPrefix(string(errOut), wantErr) {
			t.Errorf("dossier %v: exit %d, stdout %q, stderr:\n%s\nwant exit 1 and:\n%s", args, code, out, errOut, wantErr)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "records/places/ok.yaml")); string(b) != "id: ok\nstatus: active\n" {
		t.Errorf("the readable record was not formatted: %q", b)
	}
	if b, _ := os.ReadFile(outside); string(b) != "id: link\nstatus:    active\n" {
		t.Errorf("fmt wrote through the symbolic link: %q", b)
	}
	for _, arg := range []string{"dossier.yaml", outside} {
		_, errOut, code := runIn(t, dir, []string{"dossier", "fmt", arg}, nil)
		if code != ExitUsage {
			t.Errorf("dossier fmt %s: exit %d, stderr %s; want a usage error", arg, code, errOut)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "dossier.yaml")); string(b) != "name: d\n" {
		t.Errorf("fmt rewrote dossier.yaml: %q", b)
	}
}
