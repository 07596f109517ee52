package lsp

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/dossier-data/dossier/internal/gitrepo"
)

// Released IDs. A rename must not take away an ID that data users may
// hold. The server counts as published every release tagged in git as
// v<something> (the tags `dossier diff v0.1.0 HEAD` compares against):
// the IDs of a release are the names of the record files its tag holds
// under records/ (a file is named after its record's ID), as the tags are
// when a rename is asked. Outside a git checkout, or with no such tag, no
// ID counts as released; in a checkout that git cannot read, no rename is
// made.

// releases knows the released IDs. The tags are listed on every
// question, so that a release tagged (or a tag moved or deleted) while the
// server runs counts at once; the records of the tags are read again only
// when that list changed.
type releases struct {
	root string
	mu   sync.Mutex
	tags string            // the tags v*, with their objects, as last read
	ids  map[string]string // ID -> the first tag (in version order) that holds it
}

// release returns the tag of a release that holds id, or "". Its error
// is for a dataset in a git repository that git cannot read (git not
// installed, a repository it refuses): then nobody can tell whether id is
// released.
func (r *releases) release(id string) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out, err := gitOutput(r.root, "tag", "--list", "v*", "--sort=version:refname", "--format=%(objectname) %(refname:strip=2)")
	if err != nil {
		r.tags, r.ids = "", nil
		if repo, _ := gitrepo.Find(r.root); repo != "" {
			return "", fmt.Errorf("git cannot list the release tags of the repository %s: %s", repo, gitMessage(err))
		}
		return "", nil
	}
	if r.ids == nil || string(out) != r.tags {
		r.read(string(out))
	}
	return r.ids[id], nil
}

// gitMessage is the first line of what git said when it failed, or the
// error of running it.
func gitMessage(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(bytes.TrimSpace(ee.Stderr)) > 0 {
		line, _, _ := strings.Cut(strings.TrimSpace(string(ee.Stderr)), "\n")
		return strings.TrimPrefix(line, "fatal: ")
	}
	return err.Error()
}

// read reads the records of the tags listed.
func (r *releases) read(tags string) {
	r.tags, r.ids = tags, map[string]string{}
	for _, line := range strings.Split(tags, "\n") {
		_, tag, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok {
			continue
		}
		files, err := gitOutput(r.root, "ls-tree", "-r", "-z", "--name-only", tag+"^{tree}", "--", "records")
		if err != nil {
			continue
		}
		for _, f := range splitNUL(files) {
			if !strings.HasSuffix(f, ".yaml") || strings.Count(f, "/") != 2 {
				continue
			}
			id := strings.TrimSuffix(path.Base(f), ".yaml")
			if _, ok := r.ids[id]; !ok {
				r.ids[id] = tag
			}
		}
	}
}

// gitOutput runs git in dir and returns its standard output.
func gitOutput(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	return cmd.Output()
}

// splitNUL splits NUL-terminated names.
func splitNUL(b []byte) []string {
	var out []string
	for _, p := range bytes.Split(b, []byte{0}) {
		if len(p) > 0 {
			out = append(out, string(p))
		}
	}
	sort.Strings(out)
	return out
}
