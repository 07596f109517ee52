package main

import "runtime/debug"

// softMemoryLimit is the memory dossier asks the Go runtime to stay under
// when GOMEMLIMIT does not say otherwise. Without it the heap grows to
// twice the live data before each collection (GOGC=100): validating a
// million records peaked at 2.5 GB. With the limit the collector runs more
// often as the heap nears it; validate and build of a million records peak
// at about 1.6 GB (docs/performance.md). It is soft: a dataset whose live
// data exceed it still runs, with the runtime capping the collector at
// about half the CPU.
const softMemoryLimit = 1280 << 20

// limitMemory sets softMemoryLimit unless the environment sets GOMEMLIMIT
// (which the runtime has already applied).
func limitMemory(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
}
