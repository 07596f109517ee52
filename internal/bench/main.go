//go:build bench

package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/dossier-data/dossier/synth"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// measurement is one run of the binary.
type measurement struct {
	step    string // cold, build: what the targets read; "" otherwise
	what    string
	records int
	wall    time.Duration
	cpu     time.Duration // user + system, all threads
	maxRSS  int64         // bytes
	exit    int
	runs    int // how many runs it is the median of
}

func (m measurement) row() string {
	rate := float64(m.records) / m.wall.Seconds()
	return fmt.Sprintf("| %s | %s | %.2f s | %.2f s | %s | %s |", m.what, count(m.records), m.wall.Seconds(), m.cpu.Seconds(),
		thousands(int64(rate)), mib(m.maxRSS))
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("bench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	sizes := fl.String("sizes", "20000,100000,200000,1000000", "comma-separated dataset sizes")
	seed := fl.Int64("seed", 1, "generator seed")
	cacheDir := fl.String("cache", filepath.Join(os.TempDir(), "dossier-bench"), "where generated datasets are kept between runs")
	bin := fl.String("bin", "bin/dossier", "the dossier binary to measure")
	doc := fl.String("doc", "docs/performance.md", "file whose bench block receives the table (\"\" for none)")
	kc, _ := exec.LookPath("kubeconform")
	kubeconform := fl.String("kubeconform", kc, "the kubeconform binary to compare with, on 10k records (\"\" for none)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	bin2, err := filepath.Abs(*bin)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 3
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < synth.MinRecords {
			fmt.Fprintf(stderr, "bench: bad size %q\n", s)
			return 2
		}
		ns = append(ns, n)
	}
	hasBuild := exec.Command(bin2, "build", "--help").Run() == nil
	var rows []measurement
	for _, n := range ns {
		dir, gen, err := dataset(*cacheDir, *seed, n, bin2)
		if err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 3
		}
		if gen != nil {
			rows = append(rows, *gen)
		}
		fmt.Fprintf(stderr, "bench: %d records in %s\n", n, dir)
		warm(filepath.Join(dir, "records"))
		steps := []struct {
			step, what string
			args       []string
			pre        func(rep int) func()
		}{
			{"cold", "validate", []string{"validate", "records"}, nil},
		}
		if hasBuild {
			dist := filepath.Join(*cacheDir, "dist")
			clean := func(int) func() {
				os.RemoveAll(dist)
				return func() { os.RemoveAll(dist) }
			}
			steps = append(steps, struct {
				step, what string
				args       []string
				pre        func(rep int) func()
			}{"build", "build", []string{"build", "--version", "1.0.0", "--dist", dist, "records"}, clean})
		}
		for _, st := range steps {
			m, err := steady(st.pre, func() (measurement, error) { return measure(st.what, n, dir, bin2, st.args...) })
			m.step = st.step
			if err != nil {
				fmt.Fprintf(stderr, "bench: %s on %d: %v\n", st.what, n, err)
				return 3
			}
			if m.exit != 0 {
				fmt.Fprintf(stderr, "bench: %s on %d exited %d\n", st.what, n, m.exit)
			}
			fmt.Fprintln(stderr, m.row())
			rows = append(rows, m)
		}
	}
	if *kubeconform != "" {
		ms, err := compareKubeconform(*kubeconform, *cacheDir, *seed, bin2)
		if err != nil {
			fmt.Fprintln(stderr, "bench: kubeconform:", err)
			return 3
		}
		for _, m := range ms {
			fmt.Fprintln(stderr, m.row())
		}
		rows = append(rows, ms...)
	}
	table := render(rows, *sizes)
	fmt.Fprint(stdout, table)
	if *doc != "" {
		if err := writeBlock(*doc, table); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 3
		}
		fmt.Fprintf(stderr, "bench: table written to %s\n", *doc)
	}
	return 0
}

// dataset returns the folder of the generated dataset of n records,
// generating it with bin gen the first time (gen is that run).
func dataset(cacheDir string, seed int64, n int, bin string) (string, *measurement, error) {
	dir := synth.KeptDir(cacheDir, n, seed)
	if synth.IsKept(dir) {
		return dir, nil, nil
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", nil, err
	}
	m, err := measure("gen", n, "", bin, "gen", "--records", strconv.Itoa(n), "--seed", strconv.FormatInt(seed, 10), dir)
	if err != nil || m.exit != 0 {
		return "", nil, fmt.Errorf("gen %d: %v (exit %d)", n, err, m.exit)
	}
	return dir, &m, synth.MarkKept(dir)
}

// compareKubeconform runs kubeconform on the 10k dataset made into
// resources (kubeconform.go) and dossier's validate on 20k
// records in turn, repeats times each, and returns the median of each: the
// ratio of the first target then compares runs made under the same load,
// which on a shared machine moves both by a third from one minute to the
// next.
func compareKubeconform(kc, cacheDir string, seed int64, bin string) ([]measurement, error) {
	const n, cold = 10_000, 20_000
	dir, _, err := dataset(cacheDir, seed, n, bin)
	if err != nil {
		return nil, err
	}
	res, location, files, err := kubeconformInput(filepath.Join(dir, "records"), filepath.Join(cacheDir, fmt.Sprintf("kubeconform%s-seed%d-n%d", synth.Version, seed, n)))
	if err != nil {
		return nil, err
	}
	dossier, _, err := dataset(cacheDir, seed, cold, bin)
	if err != nil {
		return nil, err
	}
	warm(res)
	warm(filepath.Join(dossier, "records"))
	var kcs, dss []measurement
	for range repeats {
		k, err := measure("kubeconform -strict (schemas only, one file a resource)", files, "", kc, kubeconformArgs(res, location)...)
		if err == nil && k.exit != 0 {
			err = fmt.Errorf("exit %d: the resources do not all pass their schemas", k.exit)
		}
		if err != nil {
			return nil, err
		}
		d, err := measure("validate, run in turn with kubeconform", cold, dossier, bin, "validate", "records")
		if err == nil && d.exit != 0 {
			err = fmt.Errorf("validate on %d exited %d", cold, d.exit)
		}
		if err != nil {
			return nil, err
		}
		kcs, dss = append(kcs, k), append(dss, d)
	}
	k, d := median(kcs), median(dss)
	k.step, d.step = "kubeconform", "paired"
	return []measurement{d, k}, nil
}

// A run shorter than repeatBelow is made repeats times and its median
// kept: at 20k records a run takes well under a second, and a neighbour
// taking one of the two cores for a moment moves it by a third.
const (
	repeatBelow = 5 * time.Second
	repeats     = 5
)

// steady makes a run (pre prepares repetition rep and returns what undoes
// it), repeated when short, and returns the run of median wall time.
func steady(pre func(rep int) func(), run func() (measurement, error)) (measurement, error) {
	var runs []measurement
	for rep := range repeats {
		undo := func() {}
		if pre != nil {
			undo = pre(rep)
		}
		m, err := run()
		undo()
		if err != nil || m.exit != 0 {
			return m, err
		}
		runs = append(runs, m)
		if m.wall >= repeatBelow {
			break
		}
	}
	return median(runs), nil
}

// median returns the run of median wall time.
func median(runs []measurement) measurement {
	sort.Slice(runs, func(i, j int) bool { return runs[i].wall < runs[j].wall })
	m := runs[len(runs)/2]
	m.runs = len(runs)
	return m
}

// measure runs the binary in dir and reads its resource use.
func measure(what string, n int, dir, bin string, args ...string) (measurement, error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1700000000")
	var out bytes.Buffer
	cmd.Stdout = io.Discard
	cmd.Stderr = &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	m := measurement{what: what, records: n, wall: wall}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return m, err
	}
	st := cmd.ProcessState
	m.exit = st.ExitCode()
	m.cpu = st.UserTime() + st.SystemTime()
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		m.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	if m.exit > 1 {
		return m, fmt.Errorf("exit %d: %s", m.exit, strings.TrimSpace(out.String()))
	}
	return m, nil
}

// warm reads every file once so runs measure a warm file cache.
func warm(root string) {
	paths := make(chan string, 1024)
	var wg sync.WaitGroup
	for i := 0; i < 2*runtime.NumCPU(); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range paths {
				os.ReadFile(p)
			}
		}()
	}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths <- p
		}
		return nil
	})
	close(paths)
	wg.Wait()
}

const (
	beginMark = "<!-- bench:begin (written by make bench; edit outside these markers) -->"
	endMark   = "<!-- bench:end -->"
)

func render(rows []measurement, sizes string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Measured by `make bench BENCH_SIZES=%s` (dossier %s, generator version %s, seed 1).\n\n", sizes, version(), synth.Version)
	fmt.Fprintf(&b, "Machine: %s\n\n", machine())
	fmt.Fprintf(&b, "A run under %.0f s is made %d times and the row is the median run (by wall time).\n\n", repeatBelow.Seconds(), repeats)
	b.WriteString("| run | records | wall | CPU (user+sys) | records/s (wall) | peak RSS |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|\n")
	for _, m := range rows {
		b.WriteString(m.row())
		b.WriteByte('\n')
	}
	if t := targets(rows); t != "" {
		b.WriteString("\n" + t)
	}
	return b.String()
}

// targets reads the targets off the rows, those whose runs are there.
func targets(rows []measurement) string {
	find := func(step string, n int) *measurement {
		for i := range rows {
			if rows[i].step == step && (n == 0 || rows[i].records == n) {
				return &rows[i]
			}
		}
		return nil
	}
	rate := func(m *measurement) float64 { return float64(m.records) / m.wall.Seconds() }
	yes := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "**no**"
	}
	var b strings.Builder
	row := func(target, measured string, ok bool) {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", target, measured, yes(ok))
	}
	c := find("paired", 0) // dossier's cold run made in turn with kubeconform's
	if c == nil {
		c = find("cold", 20_000)
	}
	if k := find("kubeconform", 0); c != nil && k != nil {
		x := rate(c) / rate(k)
		row("`validate` on 20k ≥ 3.5× kubeconform's rate on 10k",
			fmt.Sprintf("%s vs %s records/s: %.1f×", thousands(int64(rate(c))), thousands(int64(rate(k))), x), x >= 3.5)
	}
	if a, z := find("cold", 20_000), find("cold", 200_000); a != nil && z != nil {
		x := rate(z) / rate(a)
		row("validate rate at 200k ≥ 80% of the rate at 20k", fmt.Sprintf("%s vs %s records/s: %.0f%%", thousands(int64(rate(z))), thousands(int64(rate(a))), 100*x), x >= 0.8)
	}
	if m := find("build", 100_000); m != nil {
		row("`build` of 100k < 5 s", fmt.Sprintf("%.2f s", m.wall.Seconds()), m.wall < 5*time.Second)
	}
	for _, step := range []string{"cold", "build"} {
		if m := find(step, 1_000_000); m != nil {
			row(fmt.Sprintf("`%s` of 1M < 2 GB peak RSS", m.what), mib(m.maxRSS), m.maxRSS < 2e9)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "| target | measured | met |\n|---|---|---|\n" + b.String()
}

// writeBlock replaces the bench block of a Markdown file, or appends one.
func writeBlock(path, table string) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	block := beginMark + "\n\n" + table + "\n" + endMark
	s := string(old)
	i, j := strings.Index(s, beginMark), strings.Index(s, endMark)
	if i >= 0 && j > i {
		s = s[:i] + block + s[j+len(endMark):]
	} else {
		if s != "" && !strings.HasSuffix(s, "\n\n") {
			s += "\n"
		}
		s += block + "\n"
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(s), 0o644)
}

// machine describes the computer: CPUs, CPU model, memory and load.
func machine() string {
	model := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				mem = fmt.Sprintf(", %.1f GiB RAM", float64(kb)/(1<<20))
			}
		}
	}
	load := ""
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		f := strings.Fields(string(b))
		if len(f) >= 3 {
			load = fmt.Sprintf("; load average at the end %s %s %s", f[0], f[1], f[2])
		}
	}
	return fmt.Sprintf("%d CPUs (nproc), %s%s, %s/%s%s", runtime.NumCPU(), model, mem, runtime.GOOS, runtime.GOARCH, load)
}

func version() string {
	b, err := os.ReadFile("VERSION")
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(b))
}

func count(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return strconv.Itoa(n/1_000_000) + "M"
	case n >= 1000 && n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var parts []string
	for len(s) > 3 {
		parts = append([]string{s[len(s)-3:]}, parts...)
		s = s[:len(s)-3]
	}
	parts = append([]string{s}, parts...)
	return strings.Join(parts, ",")
}

func mib(b int64) string { return fmt.Sprintf("%d MiB", b>>20) }
