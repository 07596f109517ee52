package main

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/dossier-data/dossier/internal/gitrepo"
)

// A dataset in a git repository is read through git: whether its version
// is released (a tag), when its records last changed, the revisions diff
// compares. When git cannot read that repository (git not installed, a
// repository it refuses for "dubious ownership", a wrong GIT_DIR), the
// answer is unknown, never "no tag" or "no commit": that would rebuild a
// released version or date a release from file times.

// gitFailure says why git cannot read the repository of dir.
type gitFailure struct {
	repo    string // the repository found: GIT_DIR or the path of a .git
	env     bool   // repo is GIT_DIR
	missing bool   // git is not installed (not found on PATH)
	msg     string // git's own message, on one line
}

func (g *gitFailure) Error() string {
	if g.env {
		return fmt.Sprintf("git cannot read the repository GIT_DIR=%s: %s", g.repo, g.msg)
	}
	if g.missing {
		return fmt.Sprintf("git is not installed (not found on PATH), and the dataset is in the git repository %s", displayPath(g.repo))
	}
	return fmt.Sprintf("git cannot read the repository %s: %s", displayPath(g.repo), g.msg)
}

// fix says what makes git work again.
func (g *gitFailure) fix() string {
	if g.missing {
		return "install git"
	}
	return "fix what git reports"
}

// checkGit tells whether git can read the repository that dir (the
// current folder when "") lies in: false and nil when dir lies in no
// repository (there is nothing to read), true and nil when git reads it,
// and a *gitFailure when there is a repository that git cannot read.
func checkGit(dir string) (bool, error) {
	where := dir
	if where == "" {
		where = "."
	}
	repo, how := gitrepo.Find(where)
	if repo == "" {
		return false, nil
	}
	if _, err := git(dir, "rev-parse", "--git-dir"); err != nil {
		missing := errors.Is(err, exec.ErrNotFound)
		return false, &gitFailure{repo: repo, env: how == "GIT_DIR" && !missing, missing: missing, msg: oneLine(err.Error())}
	}
	return true, nil
}

// notFound reports whether err is git's quiet "no": the exit status 1
// and nothing on stderr, as rev-parse --verify --quiet gives for a name
// that is no revision. Any other failure is git's, with its message.
func notFound(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee) && ee.ExitCode() == 1
}

// oneLine joins the lines of a message of git, without its "fatal: ",
// into one line for a message of dossier: a line that ends without
// punctuation gets a full stop.
func oneLine(msg string) string {
	var b strings.Builder
	for _, l := range strings.Split(msg, "\n") {
		if l = strings.TrimSpace(strings.TrimPrefix(l, "fatal: ")); l == "" {
			continue
		}
		if b.Len() > 0 {
			if !strings.ContainsAny(b.String()[b.Len()-1:], ".:;!?") {
				b.WriteByte('.')
			}
			b.WriteByte(' ')
		}
		b.WriteString(l)
	}
	return b.String()
}
