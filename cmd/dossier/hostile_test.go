package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dossier-data/dossier/internal/hostile"
)

// Safety bounds of one `dossier validate` over one hostile case: bounds,
// not speed targets (benchmarks hold those). The time bound is CPU time
// (user + system), as the wall clock of a 2-core machine running test
// packages side by side says more about the neighbours than about dossier;
// the wall clock is a hang guard: a run still going after hostileHang is
// killed and fails. The largest cases (three 1 MB files of 400,000
// values) take 1-2 s of CPU on a 2-core machine, most of it in the YAML
// parser; 5 s leaves room for a busy machine and still catches work that
// grows faster than the input.
const (
	hostileCPU    = 5 * time.Second
	hostileHang   = 20 * time.Second
	hostileMaxRSS = 200 << 20 // bytes
)

// measureEnv starts the test binary as a small wrapper that runs the
// command in its arguments and reports the command's peak RSS. A child's
// ru_maxrss counts the memory of the process it was forked from up to
// exec, so a child forked from the test process (which holds the 50 MB
// case in memory) would report the test's own peak; forked from the fresh
// wrapper, it reports its own.
const measureEnv = "DOSSIER_TEST_MEASURE"

func init() {
	if os.Getenv(measureEnv) == "" {
		return
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if os.Getenv(measureEnv) == "nobody" {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + os.Getenv("HOME")}
	err := cmd.Run()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		os.Stderr.WriteString("measure: " + err.Error() + "\n")
		os.Exit(125)
	}
	report := os.NewFile(3, "rss")
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	fmt.Fprintf(report, "%d %d\n", ru.Maxrss, (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Microseconds())
	report.Close()
	os.Exit(cmd.ProcessState.ExitCode())
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// dossierBinary builds bin/dossier once into a temporary folder.
func dossierBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dossier-bin-")
		if err == nil {
			err = os.Chmod(dir, 0o755) // the nobody user runs it too
		}
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "dossier")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = errors.New(string(out))
		}
	})
	if binErr != nil {
		t.Fatalf("go build: %v", binErr)
	}
	return binPath
}

// TestHostileProcess runs `dossier validate` as a subprocess on every case
// of the hostile-input corpus (validate/testdata/hostile): it must finish
// within 2 s of CPU time and 200 MB of peak memory, print the case's expected report
// byte for byte, nothing on stderr (no panic), and exit 1 exactly when the
// report has errors. As root, the unreadable-file case runs as the nobody
// user, so that the permission really bites.
func TestHostileProcess(t *testing.T) {
	bin := dossierBinary(t)
	cases := hostile.Cases(t, filepath.Join("..", "..", filepath.FromSlash(hostile.Dir)))
	if len(cases) < 40 {
		t.Fatalf("only %d hostile cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			dir := t.TempDir()
			c.Build(t, dir)
			want := c.Want()
			self, err := os.Executable()
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(self, bin, "validate")
			cmd.Env = []string{measureEnv + "=1", "HOME=" + dir}
			if want == "want-root" {
				// root reads a chmod 000 file; nobody does not
				if err := openToAll(dir); err != nil {
					t.Fatal(err)
				}
				cmd.Env[0] = measureEnv + "=nobody"
				want = "want"
			}
			cmd.Dir = dir
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // kill the wrapper and dossier together
			rssR, rssW, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer rssR.Close()
			cmd.ExtraFiles = []*os.File{rssW}
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			ctx, cancel := context.WithTimeout(context.Background(), hostileHang)
			defer cancel()
			start := time.Now()
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
				t.Fatalf("still running after %v: killed", hostileHang)
			}
			elapsed := time.Since(start)
			code := cmd.ProcessState.ExitCode()
			var exitErr *exec.ExitError
			if err != nil && !errors.As(err, &exitErr) {
				t.Fatal(err)
			}
			if code == 125 {
				t.Fatalf("the measuring wrapper failed: %s", stderr.Bytes())
			}
			var kib, cpuMicros int64
			if _, err := fmt.Fscan(rssR, &kib, &cpuMicros); err != nil {
				t.Fatalf("no peak RSS and CPU time reported: %v", err)
			}
			rss := kib << 10 // ru_maxrss is in KiB on Linux
			cpu := time.Duration(cpuMicros) * time.Microsecond
			t.Logf("CPU %v (wall %v), peak RSS %d MiB, exit %d", cpu.Round(time.Millisecond), elapsed.Round(time.Millisecond), rss>>20, code)
			if cpu > hostileCPU {
				t.Errorf("CPU time %v, over the bound of %v", cpu, hostileCPU)
			}
			if rss > hostileMaxRSS {
				t.Errorf("peak RSS %d MiB, over the bound of %d MiB", rss>>20, hostileMaxRSS>>20)
			}
			if stderr.Len() > 0 {
				t.Errorf("stderr: %s", stderr.Bytes())
			}
			exp, ok := c.Archive.Get(want)
			if !ok {
				t.Fatalf("%s has no %s", c.Path, want)
			}
			if !bytes.Equal(stdout.Bytes(), exp) {
				t.Errorf("stdout differs from %s of %s\n--- want\n%s--- got\n%s", want, c.Path, exp, stdout.Bytes())
			}
			wantCode := ExitFindings
			if strings.HasPrefix(lastLine(exp), "0 errors") {
				wantCode = ExitOK
			}
			if code != wantCode {
				t.Errorf("exit code %d, want %d", code, wantCode)
			}
		})
	}
}

// openToAll lets every user enter dir and the folders above it up to the
// system's temporary folder: the test's temporary folders are made 0700.
func openToAll(dir string) error {
	tmp := filepath.Clean(os.TempDir())
	for d := filepath.Clean(dir); strings.HasPrefix(d, tmp+string(filepath.Separator)); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			return err
		}
	}
	return nil
}

func lastLine(b []byte) string {
	s := strings.TrimRight(string(b), "\n")
	return s[strings.LastIndexByte(s, '\n')+1:]
}
