package rules

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestNearCandidates checks the candidates found by sorting each band's
// keys against their definition, read by comparing every pair: in crowded
// bands (a few values per minimum), where bucketCap and the order of the
// candidates decide what is returned.
func TestNearCandidates(t *testing.T) {
	for _, values := range []uint32{1, 2, 3, 40} {
		rng := rand.New(rand.NewPCG(1, uint64(values)))
		sigs := make([]*signature, 300)
		for i := range sigs {
			var s signature
			for k := range s {
				s[k] = rng.Uint32N(values)
			}
			sigs[i] = &s
		}
		got, want := nearCandidates(sigs), nearByPairs(sigs)
		found := 0
		for i := range sigs {
			if !slices.Equal(got[i], want[i]) {
				t.Fatalf("%d values a minimum: signature %d: candidates %v, want %v", values, i, got[i], want[i])
			}
			found += len(got[i])
		}
		if values < 40 && found == 0 {
			t.Fatalf("%d values a minimum: no candidates; the test needs crowded bands", values)
		}
	}
}

// nearByPairs is nearCandidates written as its doc reads.
func nearByPairs(sigs []*signature) [][]int32 {
	out := make([][]int32, len(sigs))
	for me := range sigs {
		var cands []candidate
		seen := map[int]bool{}
		for b := range bands {
			key := func(i int) uint64 { return bandKey(b, sigs[i][b*rows:(b+1)*rows]) }
			var sharing []int // the earlier signatures of this key, at most bucketCap
			for i := 0; i < me && len(sharing) < bucketCap; i++ {
				if key(i) == key(me) {
					sharing = append(sharing, i)
				}
			}
			for _, i := range sharing {
				if !seen[i] {
					seen[i] = true
					if c, ok := compareSigs(sigs[me], sigs[i], int32(i)); ok {
						cands = append(cands, c)
					}
				}
			}
		}
		for _, c := range likeliest(cands) {
			out[me] = append(out[me], c.i)
		}
	}
	return out
}
