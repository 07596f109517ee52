//go:build bench

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWriteBlock replaces the bench block of a document and keeps the text
// around it; a document without a block gets one at the end.
func TestWriteBlock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "performance.md")
	before := "# Performance\n\nnotes written by hand\n\n"
	after := "\n\nmore notes\n"
	os.WriteFile(path, []byte(before+beginMark+"\n\nold table\n"+endMark+after), 0o644)
	if err := writeBlock(path, "new table\n"); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want := before + beginMark + "\n\nnew table\n\n" + endMark + after
	if string(got) != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	fresh := filepath.Join(t.TempDir(), "docs", "p.md")
	if err := writeBlock(fresh, "t\n"); err != nil {
		t.Fatal(err)
	}
	got, _ = os.ReadFile(fresh)
	if !strings.HasPrefix(string(got), beginMark) || !strings.HasSuffix(string(got), endMark+"\n") {
		t.Fatalf("new file:\n%s", got)
	}
}

func TestRow(t *testing.T) {
	m := measurement{what: "validate", records: 100_000, wall: 4 * time.Second, cpu: 7500 * time.Millisecond, maxRSS: 600 << 20}
	want := "| validate | 100k | 4.00 s | 7.50 s | 25,000 | 600 MiB |"
	if got := m.row(); got != want {
		t.Errorf("row = %q, want %q", got, want)
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestSteady: a short run is repeated and its median kept, each
// repetition prepared and undone; a long run is made once.
func TestSteady(t *testing.T) {
	walls := []time.Duration{3, 1, 5, 2, 4}
	var prepared, undone []int
	i := 0
	m, err := steady(func(rep int) func() {
		prepared = append(prepared, rep)
		return func() { undone = append(undone, rep) }
	}, func() (measurement, error) {
		i++
		return measurement{wall: walls[i-1] * time.Millisecond, cpu: time.Duration(i)}, nil
	})
	if err != nil || m.wall != 3*time.Millisecond || m.cpu != 1 || m.runs != 5 {
		t.Fatalf("median run: %+v, %v; want the first (3 ms) of 5", m, err)
	}
	if len(prepared) != 5 || len(undone) != 5 || prepared[4] != 4 {
		t.Fatalf("prepared %v, undone %v", prepared, undone)
	}
	m, _ = steady(nil, func() (measurement, error) { return measurement{wall: repeatBelow}, nil })
	if m.runs != 1 {
		t.Fatalf("a run of %v made %d times", repeatBelow, m.runs)
	}
}

// TestTargets reads each target off the rows that measure it, met or not.
func TestTargets(t *testing.T) {
	rows := []measurement{
		{step: "cold", what: "validate", records: 20_000, wall: time.Second},
		{step: "kubeconform", records: 10_000, wall: 2 * time.Second},
		{step: "cold", what: "validate", records: 200_000, wall: 12 * time.Second},
		{step: "cold", what: "validate", records: 100_000, wall: 4 * time.Second},
		{step: "build", what: "build", records: 100_000, wall: 6 * time.Second},
		{step: "build", what: "build", records: 1_000_000, maxRSS: 1 << 30},
	}
	got := targets(rows)
	for _, want := range []string{
		"| 20,000 vs 5,000 records/s: 4.0× | yes |",
		"| 16,666 vs 20,000 records/s: 83% | yes |",
		"| `build` of 100k < 5 s | 6.00 s | **no** |",
		"| `build` of 1M < 2 GB peak RSS | 1024 MiB | yes |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("targets lack %q:\n%s", want, got)
		}
	}
	if targets(rows[:1]) != "" {
		t.Error("a target without its runs is shown")
	}
	// dossier's run made in turn with kubeconform's is the one compared.
	paired := append(rows, measurement{step: "paired", records: 20_000, wall: 2 * time.Second})
	if got := targets(paired); !strings.Contains(got, "| 10,000 vs 5,000 records/s: 2.0× | **no** |") {
		t.Errorf("the ratio is not that of the runs made in turn:\n%s", got)
	}
}
