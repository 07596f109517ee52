package linediff

import (
	"bytes"
	"fmt"
	"io"
)

// maxEdits bounds the edit distance searched (memory grows with its
// square: about 8 MB at 1000); beyond it the diff replaces the whole
// changed middle in one hunk, still correct but not minimal.
const maxEdits = 1000

// context is the number of unchanged lines shown around a change.
const context = 3

type op struct {
	kind byte // ' ', '-' or '+'
	line string
}

// Unified writes the unified diff turning a into b, headed by
// "--- oldName" and "+++ newName". It writes nothing when a equals b.
// A last line without a newline is marked "\ No newline at end of file".
func Unified(w io.Writer, oldName, newName string, a, b []byte) error {
	if bytes.Equal(a, b) {
		return nil
	}
	ops := edits(split(a), split(b))
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks(ops) {
		fmt.Fprintf(&buf, "@@ -%s +%s @@\n", rangeOf(h.oldStart, h.oldLen), rangeOf(h.newStart, h.newLen))
		for _, o := range ops[h.from:h.to] {
			buf.WriteByte(o.kind)
			buf.WriteString(o.line)
			if len(o.line) == 0 || o.line[len(o.line)-1] != '\n' {
				buf.WriteString("\n\\ No newline at end of file\n")
			}
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// split cuts text into lines, each keeping its "\n" (the last may have
// none).
func split(s []byte) []string {
	var out []string
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, string(s))
			break
		}
		out = append(out, string(s[:i+1]))
		s = s[i+1:]
	}
	return out
}

// edits returns a shortest edit script from a to b (Myers 1986), or, past
// maxEdits, all of a deleted then all of b inserted.
func edits(a, b []string) []op {
	n, m := len(a), len(b)
	// Unchanged head and tail are cut first: fast for the usual small change.
	pre := 0
	for pre < n && pre < m && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < n-pre && suf < m-pre && a[n-1-suf] == b[m-1-suf] {
		suf++
	}
	var out []op
	for _, l := range a[:pre] {
		out = append(out, op{' ', l})
	}
	out = append(out, myers(a[pre:n-suf], b[pre:m-suf])...)
	for _, l := range a[n-suf:] {
		out = append(out, op{' ', l})
	}
	return out
}

func myers(a, b []string) []op {
	n, m := len(a), len(b)
	max := n + m
	if max > maxEdits {
		max = maxEdits
	}
	// v[k+d] after step d holds the furthest x on diagonal k; trace keeps a
	// copy of v at the start of each step for the walk back.
	var trace [][]int
	v := []int{0, 0} // step -1: x = 0 on diagonal 1, so step 0 starts at (0,0)
	for d := 0; d <= max; d++ {
		next := make([]int, 2*d+3)
		get := func(k int) int { // v of step d-1, offset d
			i := k + d
			if i < 0 || i >= len(v) {
				return -1
			}
			return v[i]
		}
		trace = append(trace, v)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && get(k-1) < get(k+1)) {
				x = get(k + 1) // down: an insertion
			} else {
				x = get(k-1) + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			next[k+d+1] = x
			if x >= n && y >= m {
				return backtrack(a, b, trace, d)
			}
		}
		v = next
	}
	out := make([]op, 0, n+m)
	for _, l := range a {
		out = append(out, op{'-', l})
	}
	for _, l := range b {
		out = append(out, op{'+', l})
	}
	return out
}

// backtrack walks from the end of both texts to their start through the
// saved steps and returns the edit script in order.
func backtrack(a, b []string, trace [][]int, d int) []op {
	x, y := len(a), len(b)
	var rev []op
	for ; d > 0; d-- {
		v := trace[d] // v of step d-1, offset d
		get := func(k int) int {
			i := k + d
			if i < 0 || i >= len(v) {
				return -1
			}
			return v[i]
		}
		k := x - y
		var pk int
		if k == -d || (k != d && get(k-1) < get(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := get(pk)
		py := px - pk
		for x > px && y > py { // the snake after the edit
			x--
			y--
			rev = append(rev, op{' ', a[x]})
		}
		if pk == k+1 {
			y--
			rev = append(rev, op{'+', b[y]})
		} else {
			x--
			rev = append(rev, op{'-', a[x]})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, op{' ', a[x]})
	}
	out := make([]op, len(rev))
	for i, o := range rev {
		out[len(rev)-1-i] = o
	}
	return out
}

type hunk struct {
	from, to         int // ops[from:to]
	oldStart, oldLen int
	newStart, newLen int
}

// hunks groups the changes with up to context unchanged lines around them;
// changes closer than 2*context lines share a hunk.
func hunks(ops []op) []hunk {
	var out []hunk
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		from := max(i-context, 0)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
				continue
			}
			if j-end >= 2*context {
				break
			}
		}
		to := min(end+context, len(ops))
		h := hunk{from: from, to: to}
		for _, o := range ops[:from] {
			if o.kind != '+' {
				h.oldStart++
			}
			if o.kind != '-' {
				h.newStart++
			}
		}
		for _, o := range ops[from:to] {
			if o.kind != '+' {
				h.oldLen++
			}
			if o.kind != '-' {
				h.newLen++
			}
		}
		out = append(out, h)
		i = to
	}
	return out
}

// rangeOf renders a hunk range: start is the count of lines before it, so
// the first line is start+1; an empty range names the line before it.
func rangeOf(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
