package release

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
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

// killEnv makes the test binary build the fixture into the dist it names
// and kill itself at the step of publish named by killStepEnv, when re-run
// by TestKilledPublish.
const (
	killEnv     = "DOSSIER_RELEASE_TEST_KILL_DIST"
	killStepEnv = "DOSSIER_RELEASE_TEST_KILL_STEP"
)

func TestMain(m *testing.M) {
	if dist := os.Getenv(helperEnv); dist != "" {
		slowBuild(dist)
		return
	}
	if dist := os.Getenv(killEnv); dist != "" {
		killedBuild(dist, os.Getenv(killStepEnv))
		return
	}
	os.Exit(m.Run())
}

// killedBuild builds the fixture into dist and sends itself SIGKILL (no
// cleanup runs, no deferred call, no lock released but by the kernel) when
// publish reaches step; "rename:<step>" swaps the folders by two renames
// (swapByRename) instead of the atomic exchange. It exits 0 if the build
// ends without reaching step.
func killedBuild(dist, step string) {
	if s, ok := strings.CutPrefix(step, "rename:"); ok {
		swapFolder = swapByRename
		step = s
	}
	publishStep = func(s string) {
		if s == step {
			if p, err := os.FindProcess(os.Getpid()); err == nil {
				p.Kill() // SIGKILL
			}
			select {}
		}
	}
	if _, _, err := Build(fixtureOptions(&testing.B{}, dist)); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(0)
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

// TestKilledPublish kills a build (SIGKILL, in a process of its own) at
// each step of publishing, over a previous release and into an empty dist,
// with the atomic exchange and with two renames. After each kill, dist as
// the next build finds it (recoverRelease under the lock) must hold one whole,
// consistent release, folder and archive (checkRelease), byte-identical to
// either the previous release or the new one: the previous one when killed
// before the folder was put in place, the new one after. The next build
// must then succeed and leave exactly the new release.
func TestKilledPublish(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ref := t.TempDir()
	mustBuild(t, fixtureOptions(t, ref))
	newTree := tree(t, ref)
	delete(newTree, LockFile)
	for _, c := range []struct {
		step  string
		isNew bool // the kill leaves the new release
	}{
		{"written", false},
		{"swapped", true},
		{"published", true},
		{"rename:written", false},
		{"rename:moved-aside", false},
		{"rename:swapped", true},
		{"rename:published", true},
	} {
		for _, first := range []bool{false, true} {
			name := c.step
			if first {
				name += "/first-release"
			}
			t.Run(name, func(t *testing.T) {
				dist := t.TempDir()
				if !first {
					prev := fixtureOptions(t, dist)
					prev.Created = prev.Created.Add(-time.Hour)
					mustBuild(t, prev)
				}
				oldTree := tree(t, dist)
				delete(oldTree, LockFile)

				if !killBuildAt(t, exe, dist, c.step) {
					if first && strings.HasSuffix(c.step, "moved-aside") {
						return // no previous release to move aside: the step never comes
					}
					t.Fatalf("the build was not killed at %s", c.step)
				}

				unlock, err := lock(dist)
				if err != nil {
					t.Fatal(err)
				}
				_, err = recoverRelease(dist, "fixture-2.0.0")
				unlock()
				if err != nil {
					t.Fatalf("recovering: %v", err)
				}
				checkRelease(t, dist)
				got := tree(t, dist)
				delete(got, LockFile)
				want, what := oldTree, "the previous release"
				if c.isNew {
					want, what = newTree, "the new release"
				}
				equalTrees(t, want, got, "killed at "+c.step+", dist should hold "+what)

				mustBuild(t, fixtureOptions(t, dist))
				checkRelease(t, dist)
				got = tree(t, dist)
				delete(got, LockFile)
				equalTrees(t, newTree, got, "the build after the kill")
			})
		}
	}
}

// killBuildAt runs exe as killedBuild into dist and reports whether it
// was killed (at step).
func killBuildAt(t *testing.T, exe, dist, step string) bool {
	t.Helper()
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), killEnv+"="+dist, killStepEnv+"="+step)
	cmd.Stderr = os.Stderr
	err := cmd.Run()
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Logf("the build into %s ended: %v", dist, err)
		return false
	}
	return true
}

// TestKilledPublishOtherBuilds: a release left half published (killed
// after the swap) is completed by a build of another version that names
// it as --previous, into the same dist or another, by its folder or by its
// archive, and by Recover, which such a build calls. A build of another
// version that does not name it leaves it alone.
func TestKilledPublishOtherBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ref := t.TempDir()
	mustBuild(t, fixtureOptions(t, ref))
	want := tree(t, ref)
	delete(want, LockFile)
	for _, c := range []struct{ name, previous string }{
		{"another version", ""},
		{"same dist", "fixture-2.0.0"},
		{"previous folder", "fixture-2.0.0"},
		{"previous archive", "fixture-2.0.0.tar.gz"},
		{"Recover archive", "fixture-2.0.0.tar.gz"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dist := t.TempDir()
			old := fixtureOptions(t, dist)
			old.Created = old.Created.Add(-time.Hour)
			mustBuild(t, old)
			if !killBuildAt(t, exe, dist, "swapped") {
				t.Fatal("the build was not killed")
			}
			if _, err := os.Stat(filepath.Join(dist, "fixture-2.0.0", pendingArchive)); err != nil {
				t.Fatalf("the killed build left no pending archive: %v", err)
			}
			o := fixtureOptions(t, dist)
			o.Version = "3.0.0"
			if c.previous != "" {
				if c.name != "same dist" {
					o.Dist = t.TempDir()
				}
				o.Previous = filepath.Join(dist, c.previous)
			}
			if strings.HasPrefix(c.name, "Recover") {
				// What dossier diff does before it reads a release.
				if err := Recover(o.Previous); err != nil {
					t.Fatal(err)
				}
			} else {
				mustBuild(t, o)
			}
			if c.previous == "" {
				if _, err := os.Stat(filepath.Join(dist, "fixture-2.0.0", pendingArchive)); err != nil {
					t.Errorf("a build of another version touched the release it does not read: %v", err)
				}
				return
			}
			checkRelease(t, o.Dist)
			checkRelease(t, dist)
			got := tree(t, dist)
			for name := range got {
				if strings.HasPrefix(name, "fixture-3.0.0") || name == LockFile {
					delete(got, name)
				}
			}
			equalTrees(t, want, got, "the release completed")
		})
	}
}

// checkRelease wants dist to hold only whole releases, if any: for each
// folder, its files are exactly those SHA256SUMS lists and SHA256SUMS,
// each with the checksum listed, and beside it an archive that holds the
// folder and exactly its files, byte for byte; nothing else but the lock.
func checkRelease(t *testing.T, dist string) {
	t.Helper()
	entries, err := os.ReadDir(dist)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{LockFile: true}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		seen[name], seen[name+".tar.gz"] = true, true
		dir := filepath.Join(dist, name)
		files := tree(t, dir)
		sums, ok := files["SHA256SUMS"]
		if !ok {
			t.Errorf("%s has no SHA256SUMS: %v", name, sortedKeys(files))
			continue
		}
		listed := map[string]bool{"SHA256SUMS": true}
		for _, line := range strings.Split(strings.TrimSuffix(string(sums), "\n"), "\n") {
			sum, file, ok := strings.Cut(line, "  ")
			if !ok {
				t.Fatalf("%s/SHA256SUMS: bad line %q", name, line)
			}
			listed[file] = true
			h := sha256.Sum256(files[file])
			if b, ok := files[file]; !ok || hex.EncodeToString(h[:]) != sum {
				t.Errorf("%s/%s does not match SHA256SUMS (%d bytes, there: %v)", name, file, len(b), ok)
			}
		}
		for file := range files {
			if !listed[file] {
				t.Errorf("%s/%s is not in SHA256SUMS", name, file)
			}
		}
		archived := readArchiveTree(t, filepath.Join(dist, name+".tar.gz"), name)
		equalTrees(t, files, archived, name+".tar.gz against its folder")
	}
	for _, e := range entries {
		if !seen[e.Name()] {
			t.Errorf("dist holds %s, which is no part of a release", e.Name())
		}
	}
}

// readArchiveTree reads a release archive: the files under folder/, by
// their path inside it.
func readArchiveTree(t *testing.T, path, folder string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("the archive: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	tr := tar.NewReader(zr)
	out := map[string][]byte{}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if hdr.Typeflag == tar.TypeDir {
			if hdr.Name != folder+"/" {
				t.Errorf("%s holds the folder %s, want only %s/", path, hdr.Name, folder)
			}
			continue
		}
		name, ok := strings.CutPrefix(hdr.Name, folder+"/")
		if !ok {
			t.Errorf("%s holds %s, outside %s/", path, hdr.Name, folder)
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out[name] = b
	}
	return out
}

// syncRecorder is a release file that records whether it was synced before
// it was closed.
type syncRecorder struct {
	*os.File
	mu     *sync.Mutex
	synced map[string]bool // by path: synced before Close
	closed map[string]bool
}

func (f syncRecorder) Sync() error {
	f.mu.Lock()
	f.synced[f.Name()] = !f.closed[f.Name()]
	f.mu.Unlock()
	return f.File.Sync()
}

func (f syncRecorder) Close() error {
	f.mu.Lock()
	f.closed[f.Name()] = true
	f.mu.Unlock()
	return f.File.Close()
}

// TestBuildSyncsEveryFile: every file of the release, archive included, is
// synced to the disk before it is closed, so before the folder is put in
// place (durability against a power loss; publish).
func TestBuildSyncsEveryFile(t *testing.T) {
	dist := t.TempDir()
	o := fixtureOptions(t, dist)
	var mu sync.Mutex
	synced, closed := map[string]bool{}, map[string]bool{}
	o.Create = func(p string) (io.WriteCloser, error) {
		f, err := os.Create(p)
		if err != nil {
			return nil, err
		}
		return syncRecorder{f, &mu, synced, closed}, nil
	}
	rel := mustBuild(t, o)
	if len(closed) != len(rel.Files)+1 {
		t.Errorf("%d files created, want the %d of the folder and the archive", len(closed), len(rel.Files)+1)
	}
	for p := range closed {
		if !synced[p] {
			t.Errorf("%s was closed without a sync before", p)
		}
	}
}

// TestArchivePlaceIsFolder: a folder where the release's archive goes
// would fail the archive's rename after the new folder was swapped in; the
// build is refused before it writes anything, naming the folder, and dist
// stays as it was (no new folder, no pending archive in it).
func TestArchivePlaceIsFolder(t *testing.T) {
	dist := t.TempDir()
	o := fixtureOptions(t, dist)
	o.Created = o.Created.Add(-time.Hour) // the next build differs
	mustBuild(t, o)
	archive := filepath.Join(dist, o.Folder()+".tar.gz")
	if err := os.Remove(archive); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(archive, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(archive, "x", "mine"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := tree(t, dist)
	_, _, err := Build(fixtureOptions(t, dist))
	want := archive + " is a folder, and the release's archive goes there: move or remove it, and build again"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	equalTrees(t, before, tree(t, dist), "after a build refused for the archive's place")
}
