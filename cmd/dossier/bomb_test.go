package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/dossier-data/dossier/internal/hostile"
)

// runMeasured runs the dossier binary with args in dir through the
// measuring wrapper (measureEnv), which gives it only PATH and HOME, and
// returns its output, exit code and peak RSS in bytes. A run still going
// after hostileHang is killed.
func runMeasured(t *testing.T, dir string, args ...string) (stdout, stderr string, code int, rss int64) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, append([]string{dossierBinary(t)}, args...)...)
	cmd.Env = []string{measureEnv + "=1", "HOME=" + dir}
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	rssR, rssW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer rssR.Close()
	cmd.ExtraFiles = []*os.File{rssW}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	ctx, cancel := context.WithTimeout(context.Background(), hostileHang)
	defer cancel()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rssW.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-ctx.Done():
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		t.Fatalf("dossier %q still running after %v: killed", args, hostileHang)
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatal(err)
	}
	var kib, cpu int64
	if _, err := fmt.Fscan(rssR, &kib, &cpu); err != nil {
		t.Fatalf("no peak RSS reported: %v (%s)", err, errOut.Bytes())
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode(), kib << 10
}

// TestArchiveBombProcess: dossier diff and build --previous given a 3 MB
// release archive holding 3 GiB of zeros refuse it with a message naming
// the archive and the bound (exit 3), in under 200 MB of memory.
func TestArchiveBombProcess(t *testing.T) {
	dir := writeDataset(t, miniDataset)
	bomb := hostile.ArchiveBomb(t, dir, "dossier-0.1.0/events.jsonl")
	for _, args := range [][]string{
		{"diff", bomb, "records"},
		{"diff", bomb},
		{"build", "--previous", bomb},
	} {
		stdout, stderr, code, rss := runMeasured(t, dir, args...)
		t.Logf("dossier %q: peak RSS %d MiB: %s", args, rss>>20, stderr)
		if code != ExitFailure || stdout != "" || !strings.Contains(stderr, "release archive "+bomb+" expands more than 100 times") {
			t.Errorf("dossier %q: exit %d\nstdout %q\nstderr %q", args, code, stdout, stderr)
		}
		if rss > hostileMaxRSS {
			t.Errorf("dossier %q: peak RSS %d MiB, over %d MiB", args, rss>>20, hostileMaxRSS>>20)
		}
	}
	if _, err := os.Stat(dir + "/dist"); err == nil {
		if entries, _ := os.ReadDir(dir + "/dist"); len(entries) > 1 {
			t.Errorf("build --previous with a bomb left %d entries in dist", len(entries))
		}
	}
}
