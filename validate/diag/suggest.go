package diag

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Suggest returns the candidates closest to s by edit distance (optimal
// string alignment, case-insensitive), best first, at most n, and only those
// close enough to be a plausible typo.
func Suggest(s string, candidates []string, n int) []string {
	type scored struct {
		c string
		d int
	}
	limit := len(s)/3 + 1
	if limit > 4 {
		limit = 4
	}
	var best []scored
	ls := strings.ToLower(s)
	n0 := utf8.RuneCountInString(ls)
	for _, c := range candidates {
		if c == s {
			continue
		}
		// lengths apart by more than limit cannot be close: skip them
		// before distance copies both (a crafted 200,000-character value
		// against every ID of the dataset)
		if d := n0 - utf8.RuneCountInString(c); d > limit || -d > limit {
			continue
		}
		d := distance(ls, strings.ToLower(c), limit)
		if d <= limit {
			best = append(best, scored{c, d})
		}
	}
	sort.Slice(best, func(i, j int) bool {
		if best[i].d != best[j].d {
			return best[i].d < best[j].d
		}
		return best[i].c < best[j].c
	})
	var out []string
	for i := 0; i < len(best) && i < n; i++ {
		out = append(out, best[i].c)
	}
	return out
}

// Suggestion renders "; did you mean X?" for the closest candidate, or "".
func Suggestion(s string, candidates []string) string {
	if got := Suggest(s, candidates, 1); len(got) > 0 {
		return fmt.Sprintf("; did you mean %q?", got[0])
	}
	return ""
}

// distance is the optimal string alignment distance between a and b (in
// runes), giving up early with limit+1 once it must exceed limit.
func distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// Clip shortens s to at most n characters for quoting in a message.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
