package quick

import (
	"encoding/json"
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestEvalDecimal holds the decimal reading of numbers to evalRat's,
// at and around integer and fractional bounds, and at the sizes where it
// must give up.
func TestEvalDecimal(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	xs := []string{"0", "-0", "1", "-1", "0.5", "-0.5", "89.999999", "90", "90.000001", "-90", "180.5",
		"999999999999999", "-999999999999999", "9999999999999999", "0.000000000000001", "123456789.123456", "1e3", "2.5E-3"}
	for range 300 {
		n := r.Int64N(2_000_000) - 1_000_000
		xs = append(xs, strconv.FormatInt(n, 10), strconv.FormatFloat(float64(n)/float64(r.Int64N(1000)+1), 'f', -1, 64))
	}
	bounds := []*big.Rat{nil, big.NewRat(0, 1), big.NewRat(-90, 1), big.NewRat(90, 1), big.NewRat(1, 2),
		big.NewRat(999_999_999_999_999, 1), big.NewRat(1_000_000_000_000_000, 1), big.NewRat(-3, 1)}
	for range 20 {
		bounds = append(bounds, big.NewRat(r.Int64N(2_000_000)-1_000_000, 1))
	}
	pick := func() *big.Rat { return bounds[r.IntN(len(bounds))] }
	fast := 0
	for range 20_000 {
		q := &Schema{min: pick(), max: pick(), xmin: pick(), xmax: pick()}
		x := xs[r.IntN(len(xs))]
		want := q.evalRat(x)
		if got := q.evalNumber(json.Number(x)); got != want {
			t.Fatalf("%s against min %v max %v xmin %v xmax %v: %v, want %v", x, q.min, q.max, q.xmin, q.xmax, got, want)
		}
		if _, ok := q.evalDecimal(x); ok {
			fast++
		}
	}
	if fast < 5_000 {
		t.Errorf("only %d of 20,000 numbers read without big numbers", fast)
	}
}
