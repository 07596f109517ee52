package edtf_test

import (
	"fmt"

	"github.com/dossier-data/dossier/validate/edtf"
)

func ExampleParse() {
	for _, s := range []string{"2016-06~", "2016-24", "2013~/2016-06?", "2013/..", "2023-02-29"} {
		d, err := edtf.Parse(s)
		if err != nil {
			fmt.Printf("%-15s error: %v\n", s, err)
			continue
		}
		fmt.Printf("%-15s span %s  widest %s\n", s, d.Span(), d.Widest())
	}
	// Output:
	// 2016-06~        span 2016-06-01..2016-06-30  widest 2016-05-01..2016-07-31
	// 2016-24         span 2016-12-01..2017-03-31  widest 2016-12-01..2017-03-31
	// 2013~/2016-06?  span 2013-01-01..2016-06-30  widest 2012-01-01..2016-06-30
	// 2013/..         span 2013-01-01..  widest 2013-01-01..
	// 2023-02-29      error: day 29 does not exist in 2023-02
}

func ExampleSpan_CertainlyBefore() {
	born, _ := edtf.Parse("1950~")
	office, _ := edtf.Parse("1951/..")
	fmt.Println(born.Span().CertainlyBefore(office.Span()))
	fmt.Println(born.Widest().CertainlyBefore(office.Widest()))
	// Output:
	// true
	// false
}
