package edtf

import (
	"errors"
	"testing"
)

// FuzzParse checks that Parse never panics, that an error is a
// *SyntaxError pointing inside the input, and that a parsed Date keeps its
// text and has ordered spans, Widest containing Span.
func FuzzParse(f *testing.F) {
	for _, c := range validCases {
		f.Add(c.in)
	}
	for _, c := range invalidCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := Parse(in)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q): error %T is not a *SyntaxError", in, err)
			}
			if se.Input != in || se.Offset < 0 || se.Offset > len(in) || se.Reason == "" {
				t.Fatalf("Parse(%q): bad error %#v", in, se)
			}
			if Valid(in) {
				t.Fatalf("Valid(%q) = true but Parse failed", in)
			}
			return
		}
		if d.String() != in {
			t.Fatalf("Parse(%q).String() = %q", in, d.String())
		}
		again, err := Parse(d.String())
		if err != nil || again != d {
			t.Fatalf("Parse(%q) does not round-trip: %v", in, err)
		}
		sp, w := d.Span(), d.Widest()
		if !sp.OpenStart && !sp.OpenEnd && sp.Earliest > sp.Latest {
			t.Fatalf("Parse(%q).Span() = %s is reversed", in, sp)
		}
		if sp.OpenStart != w.OpenStart || sp.OpenEnd != w.OpenEnd ||
			(!sp.OpenStart && w.Earliest > sp.Earliest) || (!sp.OpenEnd && w.Latest < sp.Latest) {
			t.Fatalf("Parse(%q): Widest %s does not contain Span %s", in, w, sp)
		}
		if sp.OpenStart && sp.OpenEnd {
			t.Fatalf("Parse(%q): open at both ends", in)
		}
		if !d.IsInterval() && (sp.OpenStart || sp.OpenEnd) {
			t.Fatalf("Parse(%q): a single date with an open end", in)
		}
	})
}
