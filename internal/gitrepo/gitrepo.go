// Package gitrepo finds the git repository a folder lies in, as git finds
// it, without running git: so that a failure of git inside a repository
// (git not installed, a repository it refuses) is told apart from a
// folder that is in no repository, where there is nothing to ask.
package gitrepo

import (
	"os"
	"path/filepath"
)

// Find returns the git repository that dir lies in: GIT_DIR when set,
// else the nearest .git (a folder, or the file of a linked work tree or
// submodule) in dir or a folder above it; "" when there is none. how says
// which: "GIT_DIR" or ".git". GIT_DIR is read from the process's
// environment, which is what the git that dossier runs reads.
func Find(dir string) (repo, how string) {
	if d := os.Getenv("GIT_DIR"); d != "" {
		return d, "GIT_DIR"
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", ""
	}
	for {
		p := filepath.Join(abs, ".git")
		if _, err := os.Lstat(p); err == nil {
			return p, ".git"
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", ""
		}
		abs = parent
	}
}
