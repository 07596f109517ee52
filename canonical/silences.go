package canonical

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/record"
)

// keepsSilences checks that every silence of src covers the same values in
// out: the keys and values, by JSON pointer, that start on the lines it
// covers (its own line, and the line below when it stands alone). A
// finding is placed on a key or a value, so a silence that covers other
// values after formatting would silence other findings: a flow list
// written over several lines becomes one line, or a block list spreads
// one line's entries over several. Such a file is not formatted
// (ErrSilence); the silence is the contributor's to move.
func keepsSilences(file string, src, out []byte, kind *schemas.Kind) error {
	if !strings.Contains(string(src), read.IgnoreMark) {
		return nil
	}
	in, inIgnores := covered(file, src, kind)
	got, _ := covered(file, out, kind)
	have := map[string]int{}
	for _, c := range got {
		have[c]++
	}
	for i, c := range in {
		if have[c] > 0 {
			have[c]--
			continue
		}
		ig := inIgnores[i]
		return fmt.Errorf("%s:%d:%d: %w: dossier fmt would move values onto or off the lines it covers; "+
			"put the silenced value on its own line, or the silence at the end of its line (the file is left as it is)",
			file, ig.Line, ig.Column, ErrSilence)
	}
	return nil
}

// covered lists, for each silence of a record file, its rule and reason
// with the keys and values it covers, as one text; and the silences.
func covered(file string, src []byte, kind *schemas.Kind) ([]string, []record.Ignore) {
	r := read.Parse(file, src, kind, config.Limits{})
	if len(r.Ignores) == 0 {
		return nil, nil
	}
	pos := r.Positions()
	out := make([]string, len(r.Ignores))
	for i, ig := range r.Ignores {
		on := func(line int) bool { return line == ig.Line || ig.Alone && line == ig.Line+1 }
		var what []string
		for ptr, l := range pos {
			if l.Key.Line > 0 && on(l.Key.Line) {
				what = append(what, "key "+ptr)
			}
			if on(l.Value.Line) {
				what = append(what, "value "+ptr)
			}
		}
		slices.Sort(what)
		out[i] = ig.Rule + "\x00" + ig.Reason + "\x00" + strings.Join(what, "\x00")
	}
	return out, r.Ignores
}
