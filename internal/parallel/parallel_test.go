package parallel

import (
	"sync/atomic"
	"testing"
)

// TestFor: every index is called once, whatever the number of jobs, and
// no more goroutines run at once than asked for.
func TestFor(t *testing.T) {
	for _, c := range []struct{ n, jobs int }{{0, 4}, {1, 4}, {100, 1}, {1000, 3}, {50, 0}, {7, -2}} {
		calls := make([]atomic.Int32, c.n)
		var running, most atomic.Int32
		For(c.n, c.jobs, func(i int) {
			r := running.Add(1)
			for m := most.Load(); r > m && !most.CompareAndSwap(m, r); m = most.Load() {
			}
			calls[i].Add(1)
			running.Add(-1)
		})
		for i := range calls {
			if got := calls[i].Load(); got != 1 {
				t.Fatalf("n=%d jobs=%d: index %d called %d times", c.n, c.jobs, i, got)
			}
		}
		if c.jobs > 0 && int(most.Load()) > c.jobs {
			t.Errorf("n=%d jobs=%d: %d calls at once", c.n, c.jobs, most.Load())
		}
	}
}
