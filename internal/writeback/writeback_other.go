//go:build !linux

package writeback

import "os"

func start(*os.File, int64, int64) {}
