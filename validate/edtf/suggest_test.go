package edtf

import (
	"reflect"
	"testing"
)

func TestSuggest(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string // nil: no suggestion
		amb  bool
		hint string
	}{
		{in: "June 2023", want: []string{"2023-06"}, hint: `write "2023-06"`},
		{in: "Jun. 2023", want: []string{"2023-06"}},
		{in: "sept 2023", want: []string{"2023-09"}},
		{in: "2023 June", want: []string{"2023-06"}},
		{in: "10/07/2023", want: []string{"2023-07-10", "2023-10-07"}, amb: true,
			hint: `the order of day and month is ambiguous: write "2023-07-10" for 10 July 2023 or "2023-10-07" for 7 October 2023`},
		{in: "20/06/2023", want: []string{"2023-06-20"}},
		{in: "06/20/2023", want: []string{"2023-06-20"}},
		{in: "07/07/2023", want: []string{"2023-07-07"}},
		{in: "20.06.2023", want: []string{"2023-06-20"}},
		{in: "1.2.2023", want: []string{"2023-02-01", "2023-01-02"}, amb: true},
		{in: "20 June 2023", want: []string{"2023-06-20"}, hint: `write "2023-06-20"`},
		{in: "20th June 2023", want: []string{"2023-06-20"}},
		{in: "the 20th of June, 2023", want: []string{"2023-06-20"}},
		{in: "20-Jun-2023", want: []string{"2023-06-20"}},
		{in: "June 20, 2023", want: []string{"2023-06-20"}},
		{in: "June 20 2023", want: []string{"2023-06-20"}},
		{in: "2023 June 20", want: []string{"2023-06-20"}},
		{in: "2023/06/20", want: []string{"2023-06-20"}},
		{in: "2023.06.20", want: []string{"2023-06-20"}},
		{in: "2023-6-20", want: []string{"2023-06-20"}},
		{in: "2023/06", want: []string{"2023-06"}},
		{in: "06/2023", want: []string{"2023-06"}},
		{in: "Summer 2022", want: []string{"2022-22"}, hint: `write "2022-22" (22 is summer in EDTF)`},
		{in: "autumn 2019", want: []string{"2019-23"}},
		{in: "fall 2019", want: []string{"2019-23"}},
		{in: "c. 2016", want: []string{"2016~"}, hint: `write "2016~" (~ marks an approximate date)`},
		{in: "c.2016", want: []string{"2016~"}},
		{in: "ca. 2016", want: []string{"2016~"}},
		{in: "circa 2016", want: []string{"2016~"}},
		{in: "about June 2023", want: []string{"2023-06~"}},
		{in: "c. 2016?", want: []string{"2016%"}},
		{in: "2016 ?", want: []string{"2016?"}, hint: `write "2016?" (? marks an uncertain date)`},
		{in: "2016 ~", want: []string{"2016~"}},
		{in: "June 2023?", want: []string{"2023-06?"}},
		{in: " 2016-06-20 ", want: []string{"2016-06-20"}},
		{in: "1990s", want: []string{"199X"}, hint: `write "199X" (X stands for any digit)`},
		{in: "2013-2016", want: []string{"2013/2016"}},
		{in: "2013 – 2016", want: []string{"2013/2016"}},
		{in: "2013 to 2016", want: []string{"2013/2016"}},
		{in: "from June 2013 to 2016", want: []string{"2013-06/2016"}},
		{in: "between 2013 and 2016", want: []string{"2013/2016"}},
		{in: "c. 2013-2016", want: []string{"2013~/2016~"}},
		// No suggestion: valid already, not a date, or no reading certain.
		{in: "2023-06"},
		{in: ""},
		{in: "yesterday"},
		{in: "10/07/23"},
		{in: "31 June 2023"},
		{in: "30 February 2023"},
		{in: "13/13/2023"},
		{in: "2016-2013"},
		{in: "June-August 2022"},
		{in: "Smarch 2023"},
		{in: "20 June 123"},
		{in: "2023/06/20/1"},
	} {
		got, ok := Suggest(c.in)
		if ok != (c.want != nil) || !reflect.DeepEqual(got.EDTF, c.want) || got.Ambiguous != c.amb {
			t.Errorf("Suggest(%q) = %v, %v; want %v (ambiguous %v)", c.in, got, ok, c.want, c.amb)
			continue
		}
		for _, f := range got.EDTF {
			if !Valid(f) {
				t.Errorf("Suggest(%q) suggests %q, not valid EDTF", c.in, f)
			}
		}
		if c.hint != "" && got.Hint() != c.hint {
			t.Errorf("Suggest(%q).Hint() = %q, want %q", c.in, got.Hint(), c.hint)
		}
	}
}

// FuzzSuggest: whatever the text, a suggestion is valid EDTF and Suggest
// does not panic.
func FuzzSuggest(f *testing.F) {
	for _, s := range []string{"June 2023", "10/07/2023", "c. 2016?", "2013 to 2016", "1990s", "20th of June, 2023"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sug, ok := Suggest(s)
		if ok == (len(sug.EDTF) == 0) {
			t.Fatalf("Suggest(%q) = %v, %v", s, sug, ok)
		}
		for _, e := range sug.EDTF {
			if !Valid(e) {
				t.Fatalf("Suggest(%q) suggests %q, not valid", s, e)
			}
		}
		_ = sug.Hint()
	})
}
