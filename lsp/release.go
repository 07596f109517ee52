package lsp

import (
	"bytes"
	"os/exec"
	"path"
	"sort"
	"strings"
	"sync"
)

// Released IDs. A rename must not take away an ID that data users may
// hold. The server counts as published every release tagged in git as
// v<something> (the tags `dossier diff v0.1.0 HEAD` compares against):
// the IDs of a release are the names of the record files its tag holds
// under records/ (a file is named after its record's ID). Outside a git
// checkout, or with no such tag, no ID counts as released.

// releases knows the released IDs, read from git once.
type releases struct {
	root string
	once sync.Once
	ids  map[string]string // ID -> the first tag (in version order) that holds it
}

// release returns the tag of a release that holds id, or "".
func (r *releases) release(id string) string {
	r.once.Do(r.read)
	return r.ids[id]
}

func (r *releases) read() {
	r.ids = map[string]string{}
	out, err := gitOutput(r.root, "tag", "--list", "v*", "--sort=version:refname")
	if err != nil {
		return
	}
	for _, tag := range strings.Fields(string(out)) {
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
