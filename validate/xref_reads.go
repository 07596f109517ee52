package validate

import (
	"slices"
	"sync"

	"github.com/dossier-data/dossier/schemas"
)

// reads declares what a cross-record rule reads of the records, so that
// the memo (xref_memo.go) can tell when the rule's findings cannot have
// changed. Every rule may read, of every record the pass sees, its file,
// kind and ID and its id and status fields, and the dataset's schemas and
// records folder name (which the memo's key covers); beyond that, only
// what it declares. TestReadsDeclared runs each rule on records cut down
// to what it declares and checks that it finds the same.
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

// digestPlan says which field digests the memo keeps of each record: per
// kind, the plan of the rules run; per record the rules see (x.all), the
// offset of its digests in a flat array.
type digestPlan struct {
	kinds map[*schemas.Kind]*kindPlan
	off   []int // len(x.all)+1 offsets; off[len(x.all)] is the total
}

// plan makes the digest plan of the rules run.
func (x *xref) plan(run []crossRule) digestPlan {
	p := digestPlan{kinds: map[*schemas.Kind]*kindPlan{}, off: make([]int, len(x.all)+1)}
	for i, rec := range x.all {
		kp := p.kinds[rec.Kind]
		if kp == nil {
			kp = &kindPlan{}
			own := make([][]string, len(run))
			for r, c := range run {
				own[r] = c.reads.fields(rec.Kind, x)
				kp.names = append(kp.names, own[r]...)
			}
			slices.Sort(kp.names)
			kp.names = slices.Compact(kp.names)
			kp.rule = make([][]int32, len(run))
			for r := range run {
				for _, f := range own[r] {
					j, _ := slices.BinarySearch(kp.names, f)
					kp.rule[r] = append(kp.rule[r], int32(j))
				}
			}
			p.kinds[rec.Kind] = kp
		}
		p.off[i+1] = p.off[i] + len(kp.names)
	}
	return p
}

// recordDigests returns, per record the rules see, a digest of its file
// and kind (base) and one of its whole value (whole). The ID is in the
// value, and every rule reads the id field, so a changed ID changes what
// every rule reads.
func (x *xref) recordDigests(jobs int) (base, whole []uint64) {
	base = make([]uint64, len(x.all))
	whole = make([]uint64, len(x.all))
	kinds := map[*schemas.Kind]uint64{}
	for _, rec := range x.all {
		if _, ok := kinds[rec.Kind]; !ok {
			kinds[rec.Kind] = xxh64(rec.Kind.Name, 0)
		}
	}
	parallel(len(x.all), jobs, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			rec := x.all[i]
			base[i] = xxh64(rec.File, kinds[rec.Kind])
			whole[i] = xxh64(rec.Value.Encoded(), 0)
		}
	})
	return base, whole
}

// fieldDigests sets d[j] to the digest of the encoding of field names[j]
// of v (names sorted), missingDigest for a field v does not have.
func fieldDigests(v Value, names []string, d []uint64) {
	j := 0
	for key, fv := range v.Fields() {
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

// parallel calls do on up to jobs goroutines, over consecutive ranges
// covering [0, n) in order; w numbers the range, from 0.
func parallel(n, jobs int, do func(w, lo, hi int)) {
	if jobs > n {
		jobs = n
	}
	if jobs <= 1 {
		do(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for w := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			do(w, n*w/jobs, n*(w+1)/jobs)
		}()
	}
	wg.Wait()
}
