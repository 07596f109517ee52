// Package parallel runs a function over the indexes of a slice on a
// bounded number of goroutines: the one way dossier spreads per-file work
// over the cores.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls f(i) for every i in [0, n) on up to jobs goroutines (jobs <= 0:
// one per CPU) and returns when every call has returned. The calls take
// indexes in order, each one once.
func For(n, jobs int, f func(i int)) {
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(jobs, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}
