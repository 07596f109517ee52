package validate

import "math/bits"

// Digests of the cross-record memo (xref_memo.go). They must be the same in
// every run and every process, so they use a fixed seed, never a random
// one: XXH64, a published 64-bit hash (github.com/Cyan4973/xxHash) whose
// output for given bytes and seed is fixed by its specification, about
// five times faster than FNV-1a here since it reads eight bytes at a step.

const (
	xxPrime1 uint64 = 11400714785074694791
	xxPrime2 uint64 = 14029467366897019727
	xxPrime3 uint64 = 1609587929392839161
	xxPrime4 uint64 = 9650029242287828579
	xxPrime5 uint64 = 2870177450012600261
)

func xxRound(acc, input uint64) uint64 {
	acc += input * xxPrime2
	acc = bits.RotateLeft64(acc, 31)
	return acc * xxPrime1
}

func xxMerge(acc, val uint64) uint64 {
	val = xxRound(0, val)
	acc ^= val
	return acc*xxPrime1 + xxPrime4
}

func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func le32(s string) uint64 {
	_ = s[3]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
}

// xxh64 is XXH64 of s with seed.
func xxh64(s string, seed uint64) uint64 {
	n := len(s)
	var h uint64
	if n >= 32 {
		v1 := seed + xxPrime1 + xxPrime2
		v2 := seed + xxPrime2
		v3 := seed
		v4 := seed - xxPrime1
		for len(s) >= 32 {
			v1 = xxRound(v1, le64(s[0:8]))
			v2 = xxRound(v2, le64(s[8:16]))
			v3 = xxRound(v3, le64(s[16:24]))
			v4 = xxRound(v4, le64(s[24:32]))
			s = s[32:]
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = xxMerge(h, v1)
		h = xxMerge(h, v2)
		h = xxMerge(h, v3)
		h = xxMerge(h, v4)
	} else {
		h = seed + xxPrime5
	}
	h += uint64(n)
	for ; len(s) >= 8; s = s[8:] {
		h ^= xxRound(0, le64(s))
		h = bits.RotateLeft64(h, 27)*xxPrime1 + xxPrime4
	}
	if len(s) >= 4 {
		h ^= le32(s) * xxPrime1
		h = bits.RotateLeft64(h, 23)*xxPrime2 + xxPrime3
		s = s[4:]
	}
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i]) * xxPrime5
		h = bits.RotateLeft64(h, 11) * xxPrime1
	}
	return xxAvalanche(h)
}

func xxAvalanche(h uint64) uint64 {
	h ^= h >> 33
	h *= xxPrime2
	h ^= h >> 29
	h *= xxPrime3
	h ^= h >> 32
	return h
}

// digest128 folds a sequence of 64-bit words into 128 bits, in two lanes
// that start from different seeds and mix each word differently, so that
// two sequences agree on both lanes only by a chance of about 2^-128. The
// zero value is not ready: start with newDigest.
type digest128 struct{ a, b, n uint64 }

func newDigest() digest128 { return digest128{a: xxPrime5, b: xxPrime3} }

func (d *digest128) word(w uint64) {
	d.a = bits.RotateLeft64(d.a^xxRound(0, w), 27)*xxPrime1 + xxPrime4
	d.b = bits.RotateLeft64(d.b+w*xxPrime3, 31)*xxPrime2 ^ (d.b >> 29)
	d.n++
}

func (d *digest128) str(s string) {
	d.word(uint64(len(s)))
	d.word(xxh64(s, 1))
	d.word(xxh64(s, 2))
}

// sum returns the two lanes, finished.
func (d digest128) sum() [2]uint64 {
	return [2]uint64{xxAvalanche(d.a ^ d.n), xxAvalanche(d.b + d.n*xxPrime1)}
}
