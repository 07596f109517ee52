package release

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// helperEnv makes the test binary act as a slow build when it is re-run by
// TestKilledBuild.
const helperEnv = "DOSSIER_RELEASE_TEST_SLOW_BUILD"

func TestMain(m *testing.M) {
	if dist := os.Getenv(helperEnv); dist != "" {
		slowBuild(dist)
		return
	}
	os.Exit(m.Run())
}

// slowBuild builds the fixture into dist, sleeping before each file, and
// says "writing" on stdout when the first file is open.
func slowBuild(dist string) {
	o := fixtureOptions(&testing.B{}, dist)
	once := sync.Once{}
	o.Create = func(p string) (io.WriteCloser, error) {
		once.Do(func() { os.Stdout.WriteString("writing\n") })
		time.Sleep(20 * time.Millisecond)
		return os.Create(p)
	}
	if _, _, err := Build(o); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(0)
}

// TestKilledBuild kills a build process halfway (SIGKILL: no cleanup runs)
// and wants the previous release byte-identical, the lock free, and the
// next build to succeed and clear what the killed one left.
func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	dist := t.TempDir()
	prev := fixtureOptions(t, dist)
	prev.Created = prev.Created.Add(-time.Hour)
	mustBuild(t, prev)
	before := tree(t, dist)

	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+dist)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "writing\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper said %q, %v", line, err)
	}
	time.Sleep(200 * time.Millisecond) // some files written, far from all
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	after := tree(t, dist)
	left := false
	for name := range after {
		if strings.HasPrefix(name, ".fixture-2.0.0.tmp-") {
			left = true
			delete(after, name)
		}
	}
	if !left {
		t.Error("the killed build left no temporary folder: was it killed before writing?")
	}
	// The lock file still names the dead process; flock is free all the same.
	delete(before, LockFile)
	delete(after, LockFile)
	equalTrees(t, before, after, "after a killed build")

	mustBuild(t, fixtureOptions(t, dist)) // the lock died with the process
	for name := range tree(t, dist) {
		if strings.HasPrefix(name, ".fixture-2.0.0.tmp-") {
			t.Errorf("%s is still there after the next build", name)
		}
	}
}

// TestConcurrentBuilds starts four builds of the same release on one dist
// at once: each either builds or stops with ErrLocked, at least one builds,
// and dist ends up exactly as after a single build.
func TestConcurrentBuilds(t *testing.T) {
	dist := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = Build(fixtureOptions(t, dist))
		}()
	}
	wg.Wait()
	built := 0
	for _, err := range errs {
		switch {
		case err == nil:
			built++
		case !errors.Is(err, ErrLocked):
			t.Errorf("a concurrent build failed: %v", err)
		}
	}
	if built == 0 {
		t.Fatal("no build succeeded")
	}
	ref := t.TempDir()
	mustBuild(t, fixtureOptions(t, ref))
	equalTrees(t, tree(t, ref), tree(t, dist), "after concurrent builds")
	if _, err := os.Stat(filepath.Join(dist, LockFile)); err != nil {
		t.Errorf("lock file: %v", err)
	}
}
