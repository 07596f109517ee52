// Package writeback asks the kernel to start writing part of a file to
// the disk without waiting for it, so that a later sync has little left
// to do. It is a hint only: a sync still waits for every byte, and a
// failure here is left to that sync to find.
package writeback

import "os"

// Start starts writing n bytes of f from off to the disk and returns
// without waiting. Where the system has no such call it does nothing.
func Start(f *os.File, off, n int64) { start(f, off, n) }
