package rules

import (
	"hash/maphash"
	"strings"

	"github.com/dossier-data/dossier/validate/record"
)

// What a caller that re-checks part of a dataset needs to know of the
// rules to choose that part: the language server re-runs the rules over
// the records an edit can reach, not over the whole dataset. Beyond the
// records a record references and those that share its ID or reference
// it, a rule may compare records by their content; Affinity names what it
// compares them by. A rule that compares records by content adds its keys
// there, and package lsp's differential test holds the two together.

// Affinity returns the keys by which the rules compare rec with records it
// neither references nor shares an ID with: two records whose findings
// may depend on each other that way share a key, and a record is only
// ever compared with the records before it in file order. The first key
// is the record's own (two records sharing it are the same for the rule,
// and the later one is reported against the first); the others are those
// of near neighbours. quote-duplicate compares quotes by their normalized
// text, then by the bands of their MinHash signatures; figure-conflict
// compares figures by measure, unit, subject and date. Nil for other
// records. Through a neighbour key, a record is compared with the first
// NeighbourCap records before it that share the key and are active and
// the first of their own key, at most.
func Affinity(rec *record.Record) []uint64 {
	if rec.Kind == nil {
		return nil
	}
	switch rec.Kind.Name {
	case "quote":
		q := factsOf(rec).quote
		if q == nil {
			return nil
		}
		keys := []uint64{q.hash}
		if q.signed {
			for b := range bands {
				keys = append(keys, bandKey(b, q.sig[b*rows:(b+1)*rows]))
			}
		}
		return keys
	case "figure":
		measure := strings.Join(strings.Fields(strings.ToLower(text(rec.Value, "measure"))), " ")
		return []uint64{affinityKey(strings.Join([]string{"figure", measure, text(rec.Value, "unit"), text(rec.Value, "event"),
			text(rec.Value, "place"), text(rec.Value, "actor"), text(rec.Value, "date")}, "\x00"))}
	}
	return nil
}

// NeighbourCap bounds the records compared through one neighbour key.
const NeighbourCap = bucketCap

var affinitySeed = maphash.MakeSeed()

func affinityKey(s string) uint64 { return maphash.String(affinitySeed, s) }

// LoopField returns the field of links that must not loop (ref-cycle) that
// a reference at pointer is part of, such as /follows/ or /within; "" when
// it is part of none.
func LoopField(pointer string) string {
	for _, f := range cycleFields {
		if strings.HasSuffix(f, "/") && strings.HasPrefix(pointer, f) || pointer == f {
			return f
		}
	}
	return ""
}

// LoopRule is the ID of the rule that finds loops in those links.
var LoopRule = refCycle.doc.ID

// AffinityRules are the rules whose content keys Affinity gives: a rule
// that compares records by content (ByContent) adds its keys to Affinity
// and its ID here.
var AffinityRules = []string{quoteDuplicate.doc.ID, figureConflict.doc.ID}
