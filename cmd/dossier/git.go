package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"sync"
)

// newFiles returns a function that tells the files under root (as
// reported, relative to the working folder) that git's last commit of
// root does not hold; nil outside a git checkout. git runs on first use
// only: most runs never ask.
func newFiles(root string) func(file string) bool {
	var once sync.Once
	var committed map[string]bool
	return func(file string) bool {
		once.Do(func() {
			cmd := exec.Command("git", "ls-tree", "-r", "-z", "--name-only", "HEAD", ".")
			cmd.Dir = root
			out, err := cmd.Output()
			if err != nil {
				return // not a checkout, or no commit yet
			}
			committed = map[string]bool{}
			for _, p := range bytes.Split(out, []byte{0}) {
				if len(p) > 0 {
					committed[string(p)] = true
				}
			}
		})
		if committed == nil {
			return false
		}
		abs, err := filepath.Abs(file)
		if err != nil {
			return false
		}
		rel, err := filepath.Rel(root, abs)
		return err == nil && !committed[filepath.ToSlash(rel)]
	}
}
