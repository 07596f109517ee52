package linediff

import (
	"bytes"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	cases := []struct{ name, a, b, want string }{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"change in the middle", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
			"--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"},
		{"add to empty", "", "x\ny\n", "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n"},
		{"delete all", "x\n", "", "--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n"},
		{"final newline added", "id: e\ntitle: T", "id: e\ntitle: T\n",
			"--- a\n+++ b\n@@ -1,2 +1,2 @@\n id: e\n-title: T\n\\ No newline at end of file\n+title: T\n"},
		{"two hunks", "a\n1\n2\n3\n4\n5\n6\n7\n8\nb\n", "A\n1\n2\n3\n4\n5\n6\n7\n8\nB\n",
			"--- a\n+++ b\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-b\n+B\n"},
		{"moved key", "id: x\ntitle: T\nstatus: active\n", "id: x\nstatus: active\ntitle: T\n",
			"--- a\n+++ b\n@@ -1,3 +1,3 @@\n id: x\n-title: T\n status: active\n+title: T\n"},
	}
	for _, c := range cases {
		var buf bytes.Buffer
		if err := Unified(&buf, "a", "b", []byte(c.a), []byte(c.b)); err != nil {
			t.Fatal(err)
		}
		if buf.String() != c.want {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", c.name, buf.String(), c.want)
		}
	}
}

// apply rebuilds the new text from the old one and an edit script; every
// script must turn a into b exactly.
func apply(t *testing.T, a, b []string, ops []op) {
	t.Helper()
	var got []string
	i := 0
	for _, o := range ops {
		switch o.kind {
		case ' ':
			if i >= len(a) || a[i] != o.line {
				t.Fatalf("context %q does not match old line %d", o.line, i)
			}
			got = append(got, o.line)
			i++
		case '-':
			if i >= len(a) || a[i] != o.line {
				t.Fatalf("deletion %q does not match old line %d", o.line, i)
			}
			i++
		case '+':
			got = append(got, o.line)
		}
	}
	if i != len(a) || strings.Join(got, "") != strings.Join(b, "") {
		t.Fatalf("script does not turn a into b")
	}
}

// TestEditsRandom checks on random texts that the script is correct and,
// against an LCS computed by dynamic programming, minimal.
func TestEditsRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	gen := func() []string {
		n := r.Intn(30)
		out := make([]string, n)
		for i := range out {
			out[i] = string(rune('a'+r.Intn(4))) + "\n"
		}
		return out
	}
	for i := 0; i < 2000; i++ {
		a, b := gen(), gen()
		ops := edits(a, b)
		apply(t, a, b, ops)
		changes := 0
		for _, o := range ops {
			if o.kind != ' ' {
				changes++
			}
		}
		if want := len(a) + len(b) - 2*lcs(a, b); changes != want {
			t.Fatalf("%q -> %q: %d changes, the minimum is %d", a, b, changes, want)
		}
	}
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// TestEditsBounded: texts that share nothing, past maxEdits, still give a
// correct script.
func TestEditsBounded(t *testing.T) {
	var a, b []string
	for i := 0; i < 3000; i++ {
		a = append(a, "a"+string(rune(i))+"\n")
		b = append(b, "b"+string(rune(i))+"\n")
	}
	apply(t, a, b, edits(a, b))
}

// TestPatchApplies feeds the diff to patch(1) when it is installed: the
// output is a diff other tools accept.
func TestPatchApplies(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Log("patch(1) not installed; the format is pinned by TestUnified")
		return
	}
	dir := t.TempDir()
	a := "id: x\ntitle: T\nstatus: active\nsources:\n- source: s\n  locator: p\n"
	b := "id: x\nstatus: active\ntitle: T\nsources:\n  - source: s\n    locator: p\n"
	var d bytes.Buffer
	Unified(&d, "f.yaml", "f.yaml", []byte(a), []byte(b))
	os.WriteFile(filepath.Join(dir, "f.yaml"), []byte(a), 0o644)
	cmd := exec.Command(patch, "-s", "f.yaml")
	cmd.Dir = dir
	cmd.Stdin = &d
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "f.yaml"))
	if string(got) != b {
		t.Fatalf("patched file:\n%s\nwant:\n%s", got, b)
	}
}
