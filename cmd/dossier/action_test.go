package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeRelease lays out, under server, the download folder of a release
// the way GitHub serves it: the archive of a fake dossier (a script that
// prints its version) and SHA256SUMS. tamper replaces the archive after
// its checksum was listed.
func fakeRelease(t *testing.T, server, dir, version string, tamper bool) {
	t.Helper()
	rel := filepath.Join(server, "o", "r", "releases", filepath.FromSlash(dir))
	if err := os.MkdirAll(rel, 0o755); err != nil {
		t.Fatal(err)
	}
	archive := func(script string) []byte {
		var b bytes.Buffer
		gz := gzip.NewWriter(&b)
		tw := tar.NewWriter(gz)
		for _, f := range []struct{ name, body string }{{"README.md", "readme\n"}, {"dossier", script}} {
			tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o755, Size: int64(len(f.body))})
			tw.Write([]byte(f.body))
		}
		tw.Close()
		gz.Close()
		return b.Bytes()
	}
	name := "dossier_" + version + "_linux_amd64.tar.gz"
	good := archive("#!/bin/sh\necho 'dossier version " + version + "'\n")
	sum := sha256.Sum256(good)
	other := archive("#!/bin/sh\necho other\n")
	otherSum := sha256.Sum256(other)
	sums := hex.EncodeToString(otherSum[:]) + "  dossier_" + version + "_darwin_arm64.tar.gz\n" +
		hex.EncodeToString(sum[:]) + "  " + name + "\n"
	if tamper {
		good = other
	}
	for n, b := range map[string][]byte{name: good, "SHA256SUMS": []byte(sums), "dossier_" + version + "_darwin_arm64.tar.gz": other} {
		if err := os.WriteFile(filepath.Join(rel, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestActionInstall runs the install step of action.yml against releases
// laid out in a folder (file:// URLs stand in for GitHub's): the archive
// for the runner is installed only when its SHA-256 matches SHA256SUMS;
// "source", a missing release and an unknown runner fall back to building
// from source; the build step runs go build of ./cmd/dossier.
func TestActionInstall(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "tar", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s", tool)
		}
	}
	script, err := filepath.Abs("../../.github/action/install.sh")
	if err != nil {
		t.Fatal(err)
	}
	server := t.TempDir()
	fakeRelease(t, server, "download/v1.2.0", "1.2.0", false)
	fakeRelease(t, server, "download/v1.3.0", "1.3.0", true)
	fakeRelease(t, server, "latest/download", "1.4.0", false)

	type result struct {
		code            int
		stdout, output  string
		path, installed string
	}
	run := func(t *testing.T, mode string, env ...string) result {
		t.Helper()
		temp := t.TempDir()
		for _, f := range []string{"output", "path"} {
			os.WriteFile(filepath.Join(temp, f), nil, 0o644)
		}
		cmd := exec.Command("bash", script, mode)
		cmd.Env = append([]string{
			"PATH=" + os.Getenv("PATH"), "HOME=" + temp,
			"RUNNER_TEMP=" + temp, "RUNNER_OS=Linux", "RUNNER_ARCH=X64",
			"GITHUB_SERVER_URL=file://" + server, "ACTION_REPOSITORY=o/r",
			"GITHUB_OUTPUT=" + filepath.Join(temp, "output"), "GITHUB_PATH=" + filepath.Join(temp, "path"),
		}, env...)
		out, err := cmd.CombinedOutput()
		r := result{stdout: string(out)}
		if ee, ok := err.(*exec.ExitError); ok {
			r.code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(temp, "output"))
		r.output = string(b)
		b, _ = os.ReadFile(filepath.Join(temp, "path"))
		r.path = string(b)
		if _, err := os.Stat(filepath.Join(temp, "dossier-bin", "dossier")); err == nil {
			v, err := exec.Command(filepath.Join(temp, "dossier-bin", "dossier"), "--version").Output()
			if err != nil {
				t.Fatal(err)
			}
			r.installed = strings.TrimSpace(string(v))
		}
		if mode == "download" && r.code == 0 && !strings.HasSuffix(r.path, "/dossier-bin\n") {
			t.Errorf("GITHUB_PATH = %q", r.path)
		}
		return r
	}

	for _, c := range []struct {
		name      string
		env       []string
		code      int
		output    string // lines GITHUB_OUTPUT must hold
		installed string
		says      string
	}{
		{"version input", []string{"DOSSIER_VERSION=1.2.0"}, 0, "source=false\nversion=1.2.0\n", "dossier version 1.2.0", "installed"},
		{"v prefix", []string{"DOSSIER_VERSION=v1.2.0"}, 0, "source=false\nversion=1.2.0\n", "dossier version 1.2.0", "installed"},
		{"the action's tag", []string{"ACTION_REF=v1.2.0"}, 0, "source=false\nversion=1.2.0\n", "dossier version 1.2.0", "installed"},
		{"latest", []string{"DOSSIER_VERSION=latest"}, 0, "source=false\nversion=1.4.0\n", "dossier version 1.4.0", "installed"},
		{"tampered archive", []string{"DOSSIER_VERSION=1.3.0"}, 1, "", "", "does not match"},
		{"no such release", []string{"DOSSIER_VERSION=9.9.9", "ACTION_REF=main"}, 0, "source=true\n", "", "building from source at main"},
		{"a branch", []string{"ACTION_REF=main"}, 0, "source=true\n", "", ""},
		{"source", []string{"DOSSIER_VERSION=source", "ACTION_REF=v1.2.0"}, 0, "source=true\n", "", ""},
		{"no archive for the runner", []string{"DOSSIER_VERSION=1.2.0", "RUNNER_ARCH=ARM64"}, 0, "source=true\n", "", "no archive for linux/arm64"},
		{"unknown architecture", []string{"DOSSIER_VERSION=1.2.0", "RUNNER_ARCH=X86"}, 0, "source=true\n", "", "architecture X86"},
		{"not a version", []string{"DOSSIER_VERSION=1.2;rm -rf /"}, 1, "", "", "not a release version"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := run(t, "download", c.env...)
			if r.code != c.code || r.output != c.output || r.installed != c.installed || !strings.Contains(r.stdout, c.says) {
				t.Errorf("exit %d, GITHUB_OUTPUT %q, installed %q; want exit %d, %q, %q, output saying %q\n%s",
					r.code, r.output, r.installed, c.code, c.output, c.installed, c.says, r.stdout)
			}
		})
	}

	// The build step runs go build in the action's folder; a stand-in go
	// records its arguments and writes a binary that names its version.
	t.Run("build", func(t *testing.T) {
		fake := t.TempDir()
		goScript := "#!/bin/sh\necho \"$PWD $*\" > " + filepath.Join(fake, "args") + "\n" +
			"while [ \"$1\" != -o ]; do shift; done\nprintf '#!/bin/sh\\necho dossier version devel\\n' > \"$2\"\nchmod +x \"$2\"\n"
		if err := os.WriteFile(filepath.Join(fake, "go"), []byte(goScript), 0o755); err != nil {
			t.Fatal(err)
		}
		action := t.TempDir()
		r := run(t, "build", "ACTION_PATH="+action, "PATH="+fake+":"+os.Getenv("PATH"))
		args, _ := os.ReadFile(filepath.Join(fake, "args"))
		if r.code != 0 || r.installed != "dossier version devel" || r.output != "version=devel\n" ||
			!strings.HasPrefix(string(args), action+" build -trimpath -o ") || !strings.HasSuffix(string(args), " ./cmd/dossier\n") {
			t.Errorf("exit %d, installed %q, output %q, go ran as %q\n%s", r.code, r.installed, r.output, args, r.stdout)
		}
	})
}
