package validate

import (
	"slices"
	"sync"

	"dossier/schemas"
)

// reads declares what a cross-record rule reads of the records, so that
// the memo (xref_memo.go) can tell when the rule's findings cannot have
// changed. Every rule may read, of every record, its file, kind and ID and
// its status field; beyond that, only what it declares. TestReadsDeclared
// runs each rule on records cut down to what it declares and checks that
// it finds the same.
type reads struct {
	// Fields lists, per kind name, the top-level fields read of records of
	// that kind, whole (nested values included); "*" stands for every kind.
	Fields map[string][]string
	// Refs is true when the rule reads x.refs, the references found at the
	// fields the schemas declare with x-ref: then the top-level fields that
	// hold such fields are read too.
	Refs bool
}

// fields returns, sorted, the top-level fields of records of kind k a rule
// with these reads may read: those declared for k and for "*", those that
// hold references when Refs is set, and id and status.
func (rd reads) fields(k *schemas.Kind, x *xref) []string {
	out := []string{"id", "status"}
	out = append(out, rd.Fields[k.Name]...)
	out = append(out, rd.Fields["*"]...)
	if rd.Refs {
		for _, f := range k.Fields {
			if x.hasRefs(f) {
				out = append(out, f.Name)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// kindPlan is, for one kind, the union of the fields the rules run read
// (names, sorted) and for each rule the indexes of its own in names.
type kindPlan struct {
	names []string
	rule  [][]int32
}

// missingDigest is the digest of a field a record does not have: that of
// the encoding of a missing value, "".
var missingDigest = xxh64("", 0)

// ruleDigests returns, per rule of run, a digest of everything the rule
// reads: for every record it sees, in file order, its file, kind and ID and
// the encodings of the fields it reads (see reads). Two datasets with the
// same digest for a rule give the rule the same input.
func (x *xref) ruleDigests(run []crossRule, jobs int) [][2]uint64 {
	plans := map[*schemas.Kind]*kindPlan{}
	for _, rec := range x.all {
		if plans[rec.Kind] != nil {
			continue
		}
		p := &kindPlan{}
		own := make([][]string, len(run))
		for i, c := range run {
			own[i] = c.reads.fields(rec.Kind, x)
			p.names = append(p.names, own[i]...)
		}
		slices.Sort(p.names)
		p.names = slices.Compact(p.names)
		p.rule = make([][]int32, len(run))
		for i := range run {
			for _, f := range own[i] {
				j, _ := slices.BinarySearch(p.names, f)
				p.rule[i] = append(p.rule[i], int32(j))
			}
		}
		plans[rec.Kind] = p
	}
	// Per record: one digest of its file, kind and ID, then one per field of
	// its kind's plan.
	base := make([]uint64, len(x.all))
	off := make([]int, len(x.all)+1)
	for i, rec := range x.all {
		off[i+1] = off[i] + len(plans[rec.Kind].names)
	}
	fields := make([]uint64, off[len(x.all)])
	parallel(len(x.all), jobs, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			rec := x.all[i]
			base[i] = xxh64(rec.File, xxh64(rec.ID, xxh64(rec.Kind.Name, 0)))
			names := plans[rec.Kind].names
			d := fields[off[i]:off[i+1]]
			j := 0
			for key, fv := range rec.Value.Fields() {
				for j < len(names) && names[j] < key {
					d[j] = missingDigest
					j++
				}
				if j == len(names) {
					break
				}
				if names[j] == key {
					d[j] = xxh64(fv.Encoded(), 0)
					j++
				}
			}
			for ; j < len(names); j++ {
				d[j] = missingDigest
			}
		}
	})
	sums := make([][2]uint64, len(run))
	parallel(len(run), jobs, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			d := newDigest()
			d.word(uint64(len(x.all)))
			for i, rec := range x.all {
				d.word(base[i])
				f := fields[off[i]:off[i+1]]
				for _, j := range plans[rec.Kind].rule[r] {
					d.word(f[j])
				}
			}
			sums[r] = d.sum()
		}
	})
	return sums
}

// parallel calls do on up to jobs goroutines, over consecutive ranges
// covering [0, n).
func parallel(n, jobs int, do func(lo, hi int)) {
	if jobs > n {
		jobs = n
	}
	if jobs <= 1 {
		do(0, n)
		return
	}
	var wg sync.WaitGroup
	for w := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			do(n*w/jobs, n*(w+1)/jobs)
		}()
	}
	wg.Wait()
}
