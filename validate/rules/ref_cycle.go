package rules

import (
	"fmt"
	"strings"

	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/record"
)

var refCycle = rule{
	doc: &diag.Rule{
		ID: "ref-cycle", Severity: diag.Error, Scope: diag.ScopeDataset,
		Summary: "links that must lead somewhere else come back to where they started",
		Explain: "Some links order records and can never loop: an event follows earlier events, a place lies within a larger one, " +
			"a figure is part of a larger figure or superseded by a better one, a source is known through (cited_in) another, " +
			"and a withdrawn record's successor replaces it. A record that reaches itself through such links, directly or through others, " +
			"makes the order meaningless (which event came first? which place contains which?). " +
			"The finding is at the link that closes the loop, and lists the records on it. Remove or correct one of the links.",
		Bad:  "# places/manze.yaml\nwithin: durres\n# places/durres.yaml\nwithin: manze",
		Good: "# places/manze.yaml\nwithin: durres\n# places/durres.yaml\nwithin: albania",
	},
	check: checkRefCycle,
	reach: ByChain,
}

// cycleFields are the links that must not loop, as JSON pointer prefixes.
var cycleFields = []string{"/follows/", "/within", "/part_of", "/superseded_by", "/cited_in", "/withdrawn/successor"}

// graph is the links of one of cycleFields: record -> indexes of its
// links in Refs, in order; from lists the records with links, in order.
type graph struct {
	edges map[*record.Record][]int
	from  []*record.Record
}

func checkRefCycle(ix *Index, out *Report) {
	graphs := make([]graph, len(cycleFields))
	for i, r := range ix.Refs {
		if r.To == nil || r.at.leaf.loop < 0 {
			continue
		}
		g := &graphs[r.at.leaf.loop]
		if g.edges == nil {
			g.edges = map[*record.Record][]int{}
		}
		if _, ok := g.edges[r.From]; !ok {
			g.from = append(g.from, r.From)
		}
		g.edges[r.From] = append(g.edges[r.From], i)
	}
	for _, g := range graphs {
		edges, from := g.edges, g.from
		if len(from) == 0 {
			continue
		}
		// Depth-first, iteratively, from each record in file order: a link to
		// a record still on the path closes a loop. Each link is followed once.
		const (
			white = iota
			grey
			black
		)
		color := make(map[*record.Record]int, len(from))
		type frame struct {
			rec  *record.Record
			next int // index into edges[rec] of the next link to follow
		}
		for _, start := range from {
			if color[start] != white {
				continue
			}
			stack := []frame{{rec: start}}
			color[start] = grey
			for len(stack) > 0 {
				top := &stack[len(stack)-1]
				links := edges[top.rec]
				if top.next == len(links) {
					color[top.rec] = black
					stack = stack[:len(stack)-1]
					continue
				}
				r := ix.Refs[links[top.next]]
				top.next++
				switch color[r.To] {
				case white:
					color[r.To] = grey
					stack = append(stack, frame{rec: r.To})
				case grey:
					var loop []string
					for i := len(stack) - 1; i >= 0; i-- {
						loop = append(loop, stack[i].rec.ID)
						if stack[i].rec == r.To {
							break
						}
					}
					reportCycle(out, r, loop)
				}
			}
		}
	}
}

// reportCycle reports the link r that closes a loop; loop lists the
// records on it from r's own record back to r's target.
func reportCycle(out *Report, r Ref, loop []string) {
	name := record.FieldName(r.Pointer())
	if r.To == r.From {
		out.At(r.From, r.Pointer(), "a record cannot "+linkWords(r.Pointer())+" itself",
			"%s %q is this record itself", name, r.ID())
		return
	}
	// loop is r.From, ..., r.To going back up the path: print it forwards.
	path := make([]string, 0, len(loop)+1)
	for i := len(loop) - 1; i >= 0; i-- {
		path = append(path, loop[i])
	}
	path = append(path, r.To.ID)
	shown := path
	if len(shown) > 8 {
		shown = append(append(append([]string(nil), path[:4]...), "…"), path[len(path)-3:]...)
	}
	out.At(r.From, r.Pointer(),
		fmt.Sprintf("remove or correct one of the %d links of the loop", len(path)-1),
		"%s %q closes a loop: %s", name, r.ID(), strings.Join(shown, " → "))
}

func linkWords(pointer string) string {
	switch {
	case strings.HasPrefix(pointer, "/follows/"):
		return "follow"
	case pointer == "/within":
		return "lie within"
	case pointer == "/part_of":
		return "be part of"
	case pointer == "/superseded_by":
		return "be superseded by"
	case pointer == "/cited_in":
		return "be known through"
	}
	return "succeed"
}
