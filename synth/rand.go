package synth

// rng is a splitmix64 generator: tiny, fast and fixed forever, so a seed
// gives the same dataset with every Go version.
type rng struct{ s uint64 }

// newRNG returns the generator of one record: a pure function of the
// dataset seed, the record's kind and its index within the kind.
func newRNG(seed int64, stream, i int) *rng {
	r := &rng{s: uint64(seed)*0x9E3779B97F4A7C15 ^ uint64(stream)<<56 ^ uint64(i)*0xBF58476D1CE4E5B9}
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

// intn returns a number in [0, n); 0 when n <= 0.
func (r *rng) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return int(r.next() % uint64(n))
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance reports true with probability pct/100.
func (r *rng) chance(pct int) bool { return r.intn(100) < pct }

func pick[T any](r *rng, l []T) T { return l[r.intn(len(l))] }
