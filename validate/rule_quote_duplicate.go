package validate

import (
	"fmt"
	"strings"
	"unicode"
)

var ruleQuoteDuplicate = register(&Rule{
	ID: "quote-duplicate", Severity: Error,
	Summary: "two quotes have the same or nearly the same text",
	Explain: "One statement is one quote record, citing every source that prints it. Two active quotes whose texts are the same once case, " +
		"spacing and quotation marks are ignored are an error: merge them into one record with both citations. " +
		"Texts that are nearly the same (at least 80% of their five-letter shingles shared) are a warning: often one source's wording " +
		"of the same statement, sometimes a repeated statement that deserves its own record (then silence the finding with a reason). " +
		"Near-duplicates are found through a MinHash index, so the check stays linear in the number of quotes.",
	Bad:  "# quotes/a.yaml\ntext: \"Was not caused by any action by the police\"\n# quotes/b.yaml\ntext: was not caused by any action by the police",
	Good: "# quotes/a.yaml\ntext: was not caused by any action by the police\nsources:\n  - source: obc-article\n    locator: para. 8\n  - source: euronews-interview\n    locator: 02:15",
})

func init() { crossCheck(ruleQuoteDuplicate, checkQuoteDuplicate) }

const (
	shingleLen  = 5
	minShingles = 8
	bands       = 8
	rows        = 4
	bucketCap   = 16   // quotes kept per bucket, so a crowded bucket costs a constant
	nearAlike   = 0.80 // Jaccard similarity of shingle sets that makes a near-duplicate
)

func checkQuoteDuplicate(x *xref) {
	exact := map[string]*Record{}
	buckets := map[uint64][]*Record{}
	for _, q := range x.records("quote") {
		t := text(q.Value, "text")
		if t == "" || !active(q) {
			continue
		}
		norm := normalizeQuote(t)
		if first, dup := exact[norm]; dup {
			also := ""
			if s, fs := text(q.Value, "speaker"), text(first.Value, "speaker"); s != fs {
				also = fmt.Sprintf(", where it is attributed to %q", fs)
			}
			x.add(ruleQuoteDuplicate, ruleQuoteDuplicate.Severity, q, "/text", false,
				"merge the two into one quote record that cites both sources",
				"text is the same as that of quote %q (at %s)%s once case, spaces and quotation marks are ignored", first.ID, x.where(first, "/text"), also)
			continue
		}
		exact[norm] = q
		sh := shingles(norm)
		if len(sh) < minShingles {
			continue
		}
		sig := minhash(sh)
		var best *Record
		bestSim := 0.0
		checked := map[*Record]bool{}
		for b := 0; b < bands; b++ {
			key := bandKey(b, sig[b*rows:(b+1)*rows])
			for _, c := range buckets[key] {
				if checked[c] {
					continue
				}
				checked[c] = true
				if sim := jaccard(sh, shingles(normalizeQuote(text(c.Value, "text")))); sim >= nearAlike && sim > bestSim {
					best, bestSim = c, sim
				}
			}
			if len(buckets[key]) < bucketCap {
				buckets[key] = append(buckets[key], q)
			}
		}
		if best != nil {
			x.add(ruleQuoteDuplicate, Warning, q, "/text", false,
				"if both report one statement, merge them into one quote record that cites both sources",
				"text is nearly the same as that of quote %q (at %s): %d%% alike", best.ID, x.where(best, "/text"), int(bestSim*100))
		}
	}
}

// normalizeQuote folds case, drops quotation marks and collapses spaces.
func normalizeQuote(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if isQuoteMark(r) {
			continue
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func isQuoteMark(r rune) bool {
	switch r {
	case '"', '\'', '`', '´', '“', '”', '„', '‟', '«', '»', '‹', '›', '‘', '’', '‚', '‛', '″', '′', '「', '」', '『', '』':
		return true
	}
	return false
}

// shingles returns the set of hashed shingleLen-rune windows of a
// normalized text with punctuation removed, in first-seen order.
func shingles(norm string) []uint64 {
	var rs []rune
	for _, r := range norm {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, r)
		} else if r == ' ' && len(rs) > 0 && rs[len(rs)-1] != ' ' {
			rs = append(rs, ' ')
		}
	}
	seen := map[uint64]bool{}
	var out []uint64
	for i := 0; i+shingleLen <= len(rs); i++ {
		h := uint64(14695981039346656037)
		for _, r := range rs[i : i+shingleLen] {
			h ^= uint64(r)
			h *= 1099511628211
		}
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// minhash returns bands*rows minimum hashes of a shingle set, each under a
// different fixed mixing of the shingle hash.
func minhash(sh []uint64) [bands * rows]uint64 {
	var sig [bands * rows]uint64
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for _, h := range sh {
		for i := range sig {
			v := mix(h + uint64(i)*0x9E3779B97F4A7C15)
			if v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// mix is the splitmix64 finalizer.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func bandKey(b int, part []uint64) uint64 {
	k := uint64(b) + 1
	for _, v := range part {
		k = mix(k ^ v)
	}
	return k
}

// jaccard is |a∩b| / |a∪b| of two shingle sets.
func jaccard(a, b []uint64) float64 {
	in := make(map[uint64]bool, len(a))
	for _, h := range a {
		in[h] = true
	}
	both := 0
	for _, h := range b {
		if in[h] {
			both++
		}
	}
	union := len(a) + len(b) - both
	if union == 0 {
		return 0
	}
	return float64(both) / float64(union)
}
