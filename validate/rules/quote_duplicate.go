package rules

import (
	"fmt"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

var quoteDuplicate = rule{
	doc: &diag.Rule{
		ID: "quote-duplicate", Severity: diag.Error, Scope: diag.ScopeDataset,
		Summary: "two quotes have the same or nearly the same text",
		Explain: "One statement is one quote record, citing every source that prints it. Two active quotes whose texts are the same once case, " +
			"spacing and quotation marks are ignored are an error: merge them into one record with both citations. " +
			"Texts that are nearly the same (at least 80% of their five-letter shingles shared) are a warning: often one source's wording " +
			"of the same statement, sometimes a repeated statement that deserves its own record (then silence the finding with a reason). " +
			"Near-duplicates are found through a MinHash index, so the check stays linear in the number of quotes; texts of more than about " +
			"a thousand characters are compared by a sample of 1,024 shingles.",
		Bad:  "# quotes/a.yaml\ntext: \"Was not caused by any action by the police\"\n# quotes/b.yaml\ntext: was not caused by any action by the police",
		Good: "# quotes/a.yaml\ntext: was not caused by any action by the police\nsources:\n  - source: obc-article\n    locator: para. 8\n  - source: euronews-interview\n    locator: 02:15",
	},
	check: checkQuoteDuplicate,
	reach: ByContent,
}

// checkQuoteDuplicate reports each active quote whose text is the same as
// that of an earlier quote once normalized, or nearly the same. Texts with
// enough shingles get a MinHash signature; quotes whose signatures share a
// band are candidates, and the likeliest few are measured by their shingle
// sketches (see minhash.go).
func checkQuoteDuplicate(ix *Index, out *Report) {
	quotes := ix.Kind("quote")
	first := make(map[string]*record.Record, len(quotes)) // normalized text -> first quote
	near := newNearIndex(len(quotes))
	var buf []uint64
	var normBuf []byte
	for _, q := range quotes {
		t := q.Text("text")
		if t == "" || !ix.Active(q) {
			continue
		}
		normBuf = appendNormalized(normBuf[:0], t)
		if f, dup := first[string(normBuf)]; dup {
			also := ""
			if s, fs := q.Text("speaker"), f.Text("speaker"); s != fs {
				also = fmt.Sprintf("; there it is attributed to %q", fs)
			}
			out.At(q, "/text", "merge the two into one quote record that cites both sources",
				"text is the same as that of quote %q (at %s) once case, spaces and quotation marks are ignored%s", f.ID, out.Where(f, "/text"), also)
			continue
		}
		norm := string(normBuf)
		first[norm] = q
		buf = shingles(norm, buf[:0])
		if other, pct := near.add(q, buf); other != nil {
			out.Graded(diag.Warning, q, "/text", "if both report one statement, merge them into one quote record that cites both sources",
				"text is nearly the same as that of quote %q (at %s): %d%% alike", other.ID, out.Where(other, "/text"), pct)
		}
	}
}
