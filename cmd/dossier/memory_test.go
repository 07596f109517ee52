package main

import (
	"runtime/debug"
	"testing"
)

func TestLimitMemory(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)
	debug.SetMemoryLimit(1 << 40)
	limitMemory(func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got != softMemoryLimit {
		t.Fatalf("limit %d without GOMEMLIMIT, want %d", got, softMemoryLimit)
	}
	debug.SetMemoryLimit(1 << 40)
	limitMemory(func(k string) string {
		if k == "GOMEMLIMIT" {
			return "4GiB"
		}
		return ""
	})
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Fatalf("GOMEMLIMIT set, but the limit changed to %d", got)
	}
}
