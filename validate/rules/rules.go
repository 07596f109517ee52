// Package rules holds the rules that look across records: IDs, references,
// dates, speakers' roles, figures, duplicate quotes, orphans. Each rule is
// a value in a file of its own, listed in catalog.go. The rules run once
// every record is loaded and schema-checked, over an Index of the whole
// dataset that they share and only read.
package rules

import (
	"sync"

	"github.com/dossier-data/dossier/validate/diag"
)

// Rule is one cross-record check.
type Rule interface {
	// Doc describes the rule: ID, default severity, what it finds and how
	// to fix it, with a failing and a passing example.
	Doc() *diag.Rule
	// Check reports what the rule finds in the dataset.
	Check(ix *Index, r *Report)
	// Reach says which other records its findings on a record depend on.
	Reach() Reach
}

// Reach says which records a rule's findings on a record depend on,
// beyond the record itself. A caller that re-checks part of a dataset
// (the language server) reads it to choose that part; a rule without one
// fails the catalog's test.
type Reach int

const (
	_ Reach = iota
	// ByReference: the records that share its ID, those it references and
	// those that reference it; and, for a withdrawn record it references,
	// the records that one references (its successor).
	ByReference
	// ByIDs: as ByReference, and which IDs the dataset holds at all (a
	// did-you-mean, a free file name in a hint).
	ByIDs
	// ByContent: as ByReference, and the records it is compared with by
	// content, through the keys Affinity gives (AffinityRules).
	ByContent
	// ByChain: whole chains of links, however long (LoopRule).
	ByChain
)

// rule is a Rule made of its description, its check and its reach.
type rule struct {
	doc   *diag.Rule
	check func(ix *Index, r *Report)
	reach Reach
	// first is set on a rule that takes several times as long as the
	// others: Run starts it first, so that no core waits for it alone.
	first bool
}

func (r rule) Doc() *diag.Rule              { return r.doc }
func (r rule) Check(ix *Index, rep *Report) { r.check(ix, rep) }
func (r rule) Reach() Reach                 { return r.reach }

// Run runs rules over the dataset, on up to jobs goroutines, and returns
// their findings (unsorted).
func Run(ix *Index, rules []Rule, jobs int) diag.List {
	reports := make([]Report, len(rules))
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(jobs, len(rules))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				reports[i] = Report{rule: rules[i].Doc(), ix: ix}
				rules[i].Check(ix, &reports[i])
			}
		}()
	}
	startsFirst := func(r Rule) bool { x, ok := r.(rule); return ok && x.first }
	for _, first := range []bool{true, false} {
		for i, r := range rules {
			if startsFirst(r) == first {
				work <- i
			}
		}
	}
	close(work)
	wg.Wait()
	var out diag.List
	for _, r := range reports {
		out = append(out, r.list...)
	}
	return out
}
