package edtf

import "testing"

// TestPrecision: each form of the grammar has the precision its text gives,
// qualified or not.
func TestPrecision(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want Precision
	}{
		{"2016-05-20T10:30:00Z", PrecisionTime}, {"2016-05-20T10:30:00+02:00", PrecisionTime},
		{"2016-05-20", PrecisionDay}, {"2016-05-20?", PrecisionDay}, {"-0500-02-01%", PrecisionDay},
		{"2016-05", PrecisionMonth}, {"2016-05~", PrecisionMonth}, {"2016-05-XX", PrecisionMonth},
		{"2016-21", PrecisionSeason}, {"2016-24?", PrecisionSeason},
		{"2016", PrecisionYear}, {"2016~", PrecisionYear}, {"-0500", PrecisionYear}, {"2016-XX", PrecisionYear}, {"2016-XX-XX", PrecisionYear},
		{"201X", PrecisionDecade}, {"20XX", PrecisionCentury},
		{"2013/2016", PrecisionInterval}, {"2013/..", PrecisionInterval}, {"/2016", PrecisionInterval}, {"2013~/2016-06?", PrecisionInterval},
	} {
		d, err := Parse(tc.s)
		if err != nil {
			t.Fatalf("%s: %v", tc.s, err)
		}
		if got := d.Precision(); got != tc.want {
			t.Errorf("Precision(%s) = %q, want %q", tc.s, got, tc.want)
		}
	}
	if got := (Date{}).Precision(); got != "" {
		t.Errorf("zero Date has precision %q", got)
	}
}
