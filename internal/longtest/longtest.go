// Package longtest tells tests how big to run: at their everyday size
// (go test ./..., make test), or at full size under make test-long, which
// sets DOSSIER_TEST_LONG=1. Differential tests use it to run many more
// random cases where there is time. Tests only.
package longtest

import "os"

// Enabled reports whether the long runs are asked for.
func Enabled() bool { return os.Getenv("DOSSIER_TEST_LONG") == "1" }

// Size returns long when the long runs are asked for, else short.
func Size(short, long int) int {
	if Enabled() {
		return long
	}
	return short
}
