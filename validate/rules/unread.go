package rules

import (
	"slices"
	"strings"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/record"
)

// Unread is an entry of the records folder that may hold a record the
// rules cannot see: a record file that did not read as a record of its
// folder's kind (a YAML error, a value that is no mapping, a record of
// another kind), or an entry the listing reports and does not read (a
// file named raid.yml, a folder inside a kind folder, a kind folder that
// is a link). Its own finding says what is wrong, and the rules add none
// that follows from it (one mistake, one finding): a reference to an ID
// it may hold is not reported as unresolved (Ref.Unread), and a record it
// may reference is not reported as an orphan.
type Unread struct {
	File string        // its path, as findings name it
	Kind *schemas.Kind // the kind of the folder it is in; nil outside a kind folder
	// ID is the ID its file name gives (raid for raid.yml); "" when the
	// name gives none.
	ID string
	// Folder is true for a folder, which may hold a record of any ID of
	// Kind (of any kind when Kind is nil).
	Folder bool
	// Words are the words of its text that may be IDs (see Words), sorted;
	// only they can be references it makes. Blind is true when its text
	// could not be read: it may then reference any record of a kind that
	// records of Kind can reference.
	Words []string
	Blind bool
}

// UnreadRecord returns what the rules know of a record file that did not
// read as a mapping: its kind, the ID its file name gives, and the words
// of its text, when Derive was given them.
func UnreadRecord(rec *record.Record) Unread {
	u := Unread{File: rec.File, Kind: rec.Kind, Blind: true}
	if name := rec.Name(); record.IsKebab(name) {
		u.ID = name
	}
	if f, ok := rec.Derived.(*Facts); ok && f.words != nil {
		u.Words, u.Blind = *f.words, false
	}
	return u
}

// Words returns the words of src that may be IDs, sorted, each once: the
// runs of lowercase letters, digits and hyphens, without the hyphens at
// their ends, that are kebab-case. A reference written in a record file,
// plain or quoted, is one of them.
func Words(src []byte) []string {
	var words []string
	for i := 0; i < len(src); {
		if !idByte(src[i]) {
			i++
			continue
		}
		j := i
		for j < len(src) && idByte(src[j]) {
			j++
		}
		if w := strings.Trim(string(src[i:j]), "-"); record.IsKebab(w) {
			words = append(words, w)
		}
		i = j
	}
	slices.Sort(words)
	return slices.Compact(words)
}

func idByte(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' }

// unseen is what Input.Unread tells the index: the IDs, and the kinds of
// the folders, that records the rules cannot see may have; the IDs they
// may reference, and the kinds of records they may reference without
// saying which. Each maps to the file (the first in Input.Unread) whose
// finding is the one to fix.
type unseen struct {
	ids      map[string]string
	folders  map[string]string // kinds of folders not read; "" for a folder of no kind
	words    map[string]string
	anyOf    map[string]string // kinds a blind entry may reference
	anyKinds string            // a blind entry outside a kind folder: any kind
}

func newUnseen(in []Unread) unseen {
	u := unseen{ids: map[string]string{}, folders: map[string]string{}, words: map[string]string{}, anyOf: map[string]string{}}
	first := func(m map[string]string, k, file string) {
		if _, ok := m[k]; !ok {
			m[k] = file
		}
	}
	for _, e := range in {
		switch {
		case e.Folder && e.Kind == nil:
			first(u.folders, "", e.File)
		case e.Folder:
			first(u.folders, e.Kind.Name, e.File)
		case e.ID != "":
			first(u.ids, e.ID, e.File)
		}
		switch {
		case !e.Blind:
			for _, w := range e.Words {
				first(u.words, w, e.File)
			}
		case e.Kind == nil:
			if u.anyKinds == "" {
				u.anyKinds = e.File
			}
		default:
			for _, k := range referencedKinds(e.Kind) {
				first(u.anyOf, k, e.File)
			}
		}
	}
	return u
}

// mayHold returns the file of a record the rules cannot see that may
// have the ID id and be of one of kinds; "" when there is none.
func (u *unseen) mayHold(id string, kinds []string) string {
	if f := u.ids[id]; f != "" {
		return f
	}
	if f := u.folders[""]; f != "" {
		return f
	}
	for _, k := range kinds {
		if f := u.folders[k]; f != "" {
			return f
		}
	}
	return ""
}

// mayReference returns the file of a record the rules cannot see that
// may reference the record of kind with the ID id; "" when there is none.
func (u *unseen) mayReference(id, kind string) string {
	if f := u.words[id]; f != "" {
		return f
	}
	if u.anyKinds != "" {
		return u.anyKinds
	}
	return u.anyOf[kind]
}

// referencedKinds returns the kinds the fields of records of kind k can
// reference (their x-ref), each once.
func referencedKinds(k *schemas.Kind) []string {
	var out []string
	var walk func(n *refNode)
	walk = func(n *refNode) {
		if n == nil {
			return
		}
		if n.leaf != nil {
			for _, kind := range n.leaf.kinds {
				if !slices.Contains(out, kind) {
					out = append(out, kind)
				}
			}
		}
		walk(n.items)
		for _, f := range n.fields {
			walk(f.node)
		}
	}
	walk(planOf(k))
	return out
}
