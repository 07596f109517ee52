package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A VERSION that is a pipe, a folder or a flood is refused at once with a
// usage error, never read until it ends; a plain one gives its first line.
func TestReleaseVersionFile(t *testing.T) {
	cases := map[string]struct {
		make func(path string) error
		want string // version, or "" for a usage error
	}{
		"plain": {func(p string) error { return os.WriteFile(p, []byte("0.3.1\nnotes\n"), 0o644) }, "0.3.1"},
		"fifo":  {func(p string) error { return syscall.Mkfifo(p, 0o644) }, ""},
		"dir":   {func(p string) error { return os.Mkdir(p, 0o755) }, ""},
		"flood": {func(p string) error { return os.WriteFile(p, []byte(strings.Repeat("9", 1<<20)), 0o644) }, ""},
		"ctrl":  {func(p string) error { return os.WriteFile(p, []byte("1.0\x1b[31m\n"), 0o644) }, ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := c.make(filepath.Join(dir, "VERSION")); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			var v string
			var err error
			go func() { v, err = releaseVersion("", dir); close(done) }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("releaseVersion hangs")
			}
			if c.want != "" {
				if err != nil || v != c.want {
					t.Fatalf("got %q, %v; want %q", v, err, c.want)
				}
				return
			}
			var ee *exitError
			if !errors.As(err, &ee) || ee.code != ExitUsage {
				t.Fatalf("got %q, %v; want a usage error", v, err)
			}
		})
	}
}
