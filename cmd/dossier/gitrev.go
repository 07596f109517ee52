package main

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// git runs git in dir (the current folder when "") and returns its
// standard output; the error carries git's own message.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-c", "core.quotepath=off"}, args...)...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(errOut.String()); msg != "" {
			return nil, errors.New(msg)
		}
		return nil, err
	}
	return out.Bytes(), nil
}

// extracted is a records folder extracted from a git revision.
type extracted struct {
	sub string // the records folder's path in the repository
	dir string // where it was extracted; "" when the revision has none
	tmp string // the temporary folder holding it
}

// remove deletes the extracted files.
func (e extracted) remove() {
	if e.tmp != "" {
		os.RemoveAll(e.tmp)
	}
}

// recordsAt extracts the records folder (a path from dir, the current
// folder when "") at the git revision rev into a temporary folder, read
// as a stream from git archive. The caller removes it. dossier diff reads
// revisions with it, and build the records of a released version's tag.
func recordsAt(dir, records, rev string) (extracted, error) {
	prefix, err := git(dir, "rev-parse", "--show-prefix")
	if err != nil {
		return extracted{}, exit(ExitFailure, "git: %v", err)
	}
	top, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return extracted{}, exit(ExitFailure, "git: %v", err)
	}
	sub := path.Clean(path.Join(strings.TrimSpace(string(prefix)), filepath.ToSlash(records)))
	if sub == ".." || strings.HasPrefix(sub, "../") || path.IsAbs(sub) {
		return extracted{}, usage("the records folder %s is outside the git repository", records)
	}
	if _, err := git(dir, "cat-file", "-e", rev+":"+sub); err != nil {
		return extracted{sub: sub}, nil
	}
	tmp, err := os.MkdirTemp("", "dossier-rev-")
	if err != nil {
		return extracted{}, exit(ExitFailure, "%v", err)
	}
	e := extracted{sub: sub, tmp: tmp, dir: filepath.Join(tmp, filepath.FromSlash(sub))}
	cmd := exec.Command("git", "-c", "core.quotepath=off", "archive", "--format=tar", rev, "--", sub)
	cmd.Dir = strings.TrimSpace(string(top))
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	out, err := cmd.StdoutPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		e.remove()
		return extracted{}, exit(ExitFailure, "git archive %s: %v", rev, err)
	}
	uerr := untar(out, tmp)
	io.Copy(io.Discard, out) // let git finish even when untar stopped early
	werr := cmd.Wait()
	switch {
	case werr != nil:
		e.remove()
		msg := strings.TrimSpace(errOut.String())
		if msg == "" {
			msg = werr.Error()
		}
		return extracted{}, exit(ExitFailure, "git archive %s: %s", rev, msg)
	case uerr != nil:
		e.remove()
		return extracted{}, exit(ExitFailure, "records at %s: %v", rev, uerr)
	}
	return e, nil
}

// maxTree bounds the bytes extracted from one revision.
const maxTree = 2 << 30

// untar writes the regular files of a tar stream under dir, refusing names
// that would land outside it.
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	var total int64
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue // folders are made as needed; links are not records
		}
		name := path.Clean(h.Name)
		if !filepath.IsLocal(filepath.FromSlash(name)) {
			return fmt.Errorf("unsafe name %q", h.Name)
		}
		if total += h.Size; total > maxTree {
			return fmt.Errorf("over %d bytes of records", int64(maxTree))
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, io.LimitReader(tr, h.Size))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
}
