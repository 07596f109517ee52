// Package synth generates valid, cross-referenced synthetic datasets for
// benchmarks and tests: records of every kind in realistic proportions and
// sizes, consistent with the schemas and with every cross-record rule, and,
// on request, a given number of faults of each rule.
//
// The same Options give byte-identical files: every record is a pure
// function of the seed and its index, so records are rendered and written in
// parallel in any order. synth imports the standard library and
// validate/edtf (to place dates by the days they cover); never validate, the
// release compiler or the CLI.
package synth
