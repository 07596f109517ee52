package lsp

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/read"
)

// Where the cursor is in a record file, read from the lines above it by
// their indentation (a record being typed is seldom valid YAML), in the
// block style records are written in.

// cursor is what the text at a position is part of.
type cursor struct {
	path []string // tokens of the mapping or list that holds the position ("0" for a list item)
	key  string   // the key whose value the position is in; "" on a key or a list item
	item bool     // the position is a list item's value
	// word is the text typed so far of the key or value, from start to the
	// position (byte offsets).
	word       string
	start, end int
	keys       []string // keys already in the mapping that holds the position
}

var (
	keyLine   = regexp.MustCompile(`^( *)(- +)?([A-Za-z_][A-Za-z0-9_-]*) *:(?: +(.*))?$`)
	itemLine  = regexp.MustCompile(`^( *)- +(.*)$`)
	wordStart = regexp.MustCompile(`[^\s:\[\],{}]*$`)
)

// indentOf returns the column (bytes) of a line's first character other
// than a space; -1 for a blank or comment line.
func indentOf(line string) int {
	t := strings.TrimLeft(line, " ")
	if t == "" || t[0] == '#' {
		return -1
	}
	return len(line) - len(t)
}

// cursorAt reads the context of byte offset off.
func cursorAt(t *text, off int) cursor {
	ln := t.lineOf(off)
	prefix := t.s[t.lines[ln]:off]
	c := cursor{end: off}
	c.word = wordStart.FindString(prefix)
	c.start = off - len(c.word)
	var inner []string // tokens the cursor's own line adds
	col := 0           // the column of the key or item at the position
	m := keyLine.FindStringSubmatch(prefix)
	im := itemLine.FindStringSubmatch(prefix)
	switch {
	case m != nil && (strings.Contains(prefix, ": ") || strings.HasSuffix(prefix, ":")):
		c.key = m[3]
		col = len(m[1])
		if m[2] != "" {
			inner = []string{"0"}
		}
		if strings.HasSuffix(prefix, ":") {
			c.word, c.start = "", off
		}
	case im != nil && !strings.Contains(im[2], ":") && !hasKeyAfter(t, ln):
		c.item = true
		col = len(im[1])
	case im != nil:
		inner = []string{"0"}
		col = len(im[1])
		c.keys = append(c.keys, siblingsAfter(t, ln, col+len(prefix)-len(im[1])-len(im[2]))...)
	default:
		col = len(prefix) - len(strings.TrimLeft(prefix, " "))
		c.keys = append(c.keys, siblingsAfter(t, ln, col)...)
	}
	level0 := c.key == "" && !c.item && len(inner) == 0
	var parents []string // innermost first
	for l := ln - 1; l >= 0 && (col > 0 || level0); l-- {
		line := t.line(l)
		ind := indentOf(line)
		if ind < 0 || ind > col {
			continue
		}
		km := keyLine.FindStringSubmatch(line)
		if ind == col {
			if level0 && km != nil && km[2] == "" {
				c.keys = append(c.keys, km[3])
			}
			continue
		}
		switch {
		case km != nil && km[2] != "":
			keyCol := len(km[1]) + len(km[2])
			if keyCol < col {
				parents = append(parents, km[3])
			} else if level0 {
				c.keys = append(c.keys, km[3])
			}
			parents = append(parents, "0")
			col = len(km[1])
		case km != nil:
			parents = append(parents, km[3])
			col = ind
		case itemLine.MatchString(line):
			parents = append(parents, "0")
			col = ind
		default:
			continue
		}
		level0 = false
	}
	for i := len(parents) - 1; i >= 0; i-- {
		c.path = append(c.path, parents[i])
	}
	c.path = append(c.path, inner...)
	sort.Strings(c.keys)
	return c
}

// hasKeyAfter reports whether the line ln is "- key: …" past the
// position, so that the position is a key of the item's mapping.
func hasKeyAfter(t *text, ln int) bool {
	return keyLine.MatchString(t.line(ln)) && strings.Contains(t.line(ln), ": ")
}

// siblingsAfter returns the keys at column col on the lines after ln, up
// to the end of their mapping.
func siblingsAfter(t *text, ln, col int) []string {
	var keys []string
	for l := ln + 1; l < len(t.lines); l++ {
		line := t.line(l)
		ind := indentOf(line)
		if ind < 0 || ind > col {
			continue
		}
		if ind < col {
			break
		}
		if m := keyLine.FindStringSubmatch(line); m != nil && m[2] == "" {
			keys = append(keys, m[3])
		} else {
			break
		}
	}
	return keys
}

// field returns the schema field of a path of tokens, nil when the schema
// declares none there (nil for the record itself).
func field(kind *schemas.Kind, path []string) *schemas.Field {
	if kind == nil || len(path) == 0 {
		return nil
	}
	return kind.FieldAt(path)
}

// fieldsAt returns the fields a mapping at path may hold.
func fieldsAt(kind *schemas.Kind, path []string) []*schemas.Field {
	if kind == nil {
		return nil
	}
	if len(path) == 0 {
		return kind.Fields
	}
	f := kind.FieldAt(path)
	if f == nil {
		return nil
	}
	if f.Type == "array" && f.Items != nil {
		return f.Items.Fields
	}
	return f.Fields
}

// span is a value or key of a record and where it is written.
type span struct {
	pointer    string
	key        bool // the key, not the value
	start, end int  // byte offsets
}

// spanAt returns the innermost value or key of a record at byte offset off,
// read from the record's positions; ok is false where there is none (or
// the file does not parse).
func spanAt(file string, t *text, kind *schemas.Kind, lim config.Limits, off int) (span, bool) {
	if int64(len(t.s)) > lim.FileSize() {
		return span{}, false
	}
	pos := read.ParseFull(file, []byte(t.s), kind, lim).Positions()
	var best span
	found := false
	for ptr, loc := range pos {
		for _, k := range []bool{false, true} {
			p := loc.Value
			if k {
				p = loc.Key
			}
			if p.Line == 0 {
				continue
			}
			start := t.offsetOf(p)
			end := tokenEnd(t, start)
			if off < start || off > end {
				continue
			}
			if !found || len(ptr) > len(best.pointer) || len(ptr) == len(best.pointer) && !k {
				best, found = span{pointer: ptr, key: k, start: start, end: end}, true
			}
		}
	}
	return best, found
}

// tokens splits a JSON pointer.
func tokens(ptr string) []string {
	if ptr == "" {
		return nil
	}
	out := strings.Split(ptr[1:], "/")
	for i, tok := range out {
		out[i] = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
	}
	return out
}

// unquote returns the text of a YAML scalar as written (quotes removed).
func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
	}
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'")
	}
	return s
}

// topScalar returns the value of a top-level key of a record's text, as
// written; "" when absent.
func topScalar(t *text, key string) string {
	for i := range t.lines {
		line := t.line(i)
		if strings.HasPrefix(line, key+":") {
			v := strings.TrimSpace(line[len(key)+1:])
			if j := strings.Index(v, " #"); j >= 0 {
				v = strings.TrimSpace(v[:j])
			}
			return unquote(v)
		}
	}
	return ""
}
