package main

import "runtime/debug"

// softMemoryLimit is the memory dossier asks the Go runtime to stay under
// when GOMEMLIMIT does not say otherwise. Without it the heap grows to
// twice the live data before each collection (GOGC=100): loading a million
// records keeps about 0.9 GB live and makes garbage fast, and peaked at
// 2.5 GB. With the limit the collector runs more often as the heap nears
// it. It is soft: a dataset whose live data exceed it still runs, with the
// runtime capping the collector at about half the CPU.
const softMemoryLimit = 1536 << 20

// limitMemory sets softMemoryLimit unless the environment sets GOMEMLIMIT
// (which the runtime has already applied).
func limitMemory(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
}
