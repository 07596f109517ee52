// Package edtf parses dates written in the Library of Congress Extended
// Date/Time Format (EDTF) and says which days they cover; it imports only the
// standard library.
//
// # What is accepted
//
// Level 0, complete:
//
//	2016                       a year
//	2016-05                    a month
//	2016-05-20                 a day (real Gregorian calendar: 2023-02-29 is rejected)
//	2016-05-20T10:30:00        a date-time, optionally with Z or ±hh:mm; it covers its day
//	2016-05-20T10:30:00+02:00
//	2013/2016-05-20            an interval of two dates
//
// Level 1, in part:
//
//	2016?  2016-05~  2016-05-20%     uncertain, approximate, both: one qualifier,
//	                                 at the end of a date or a season
//	201X  20XX                       unspecified last one or two digits of a year
//	2016-XX  2016-05-XX  2016-XX-XX  unspecified month and/or day
//	2016-21 .. 2016-24               seasons: 21 spring, 22 summer, 23 autumn, 24 winter
//	2013/..  ../2016                 an interval open at one end
//	2013/  /2016                     an interval with an unknown end
//	2013~/2016-06?                   qualified dates inside an interval
//	-0500                            negative years (years -9999..9999; 0000 is 1 BC)
//
// Everything else is rejected with a *SyntaxError naming the fault and its
// byte offset, among them: level 2 forms (seasons 25-41, qualifiers on a
// single component, "Y" long years, sets), a qualifier after X digits or after
// a time (level 2 or undefined), X anywhere but the places listed above,
// "-0000", a date-time inside an interval (EDTF excludes time of day from
// intervals), an interval with no date at either end ("/", "../.."), and an
// interval whose start certainly lies after its end, that is whose start's
// first day is after its end's last day (2016-05/2016 is accepted).
//
// # Which days a date covers
//
// A Day counts days since 1970-01-01 in the proleptic Gregorian calendar.
// Span gives the days the text covers: 2016 is 2016-01-01..2016-12-31,
// 201X is 2010-01-01..2019-12-31, a date-time covers the calendar day as
// written (its zone is not applied). Seasons are those of the northern
// hemisphere, in whole months covering both the meteorological season and
// the astronomical one (solstice to equinox), since a text rarely says
// which it means: spring 21 is Mar 1 - Jun 30, summer 22 is Jun 1 - Sep 30,
// autumn 23 is Sep 1 - Dec 31 and winter 24 runs from Dec 1 of its year to
// Mar 31 of the next.
//
// Widest widens each approximate (~ or %) part by one unit of its precision
// on each side (a year, a month, a season of three months or a day); uncertain parts keep
// their span. The caller chooses which of Span and Widest a rule needs.
//
// # What to type instead
//
// Suggest reads a date written in a common human form ("June 2023",
// "20 June 2023", "10/07/2023", "Summer 2022", "c. 2016") and returns the
// EDTF text to type, or both readings when the order of day and month is
// ambiguous; findings use its Hint.
//
// Parsing is a hand-written scanner: no regular expressions, and no
// allocation when the text is valid.
package edtf
