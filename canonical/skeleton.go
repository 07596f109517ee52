package canonical

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dossier-data/dossier/schemas"
)

// Skeleton returns a new record of kind in canonical form: every required
// field, in schema order, with a placeholder the contributor must replace
// (an empty text, null for a number, one list item with its own required
// fields); status is active. Above each field, a comment gives its
// name, whether it is required, its description from the schema and, where
// the schema has them, the allowed values; optional fields appear as such a
// comment alone, in their place.
// label, when not empty, fills the field humans know the record by (title,
// name or measure). The placeholders fail validation on purpose: dossier
// validate then lists what is left to fill in.
func Skeleton(kind *schemas.Kind, id, label string) ([]byte, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "# A new %s. Fill in every field, then run: dossier fmt && dossier validate\n", kind.Name)
	comment(&b, "", kind.Description)
	b.WriteString("\n")
	labelField := ""
	for _, name := range []string{"title", "name", "measure"} {
		if f := kind.Field(name); f != nil && f.Type == "string" {
			labelField = name
			break
		}
	}
	for _, f := range kind.Fields {
		var value string
		switch {
		case f.Name == "id":
			value = strconv.Quote(id)
		case f.Name == "status" && contains(f.Enum, "active"):
			value = "active"
		case f.Name == labelField && label != "":
			value = strconv.Quote(label)
		}
		skeletonField(&b, "", f, value)
	}
	out, diags, err := Format(kind.Table+"/"+id+".yaml", []byte(b.String()), kind)
	if err != nil {
		return nil, fmt.Errorf("the new %s does not format: %v %v", kind.Name, err, diags)
	}
	return out, nil
}

// skeletonField writes one field at indent: its comment, then the field itself when
// required, or as a commented-out line when optional. value, when not
// empty, is the YAML text of the value.
func skeletonField(b *strings.Builder, indent string, f *schemas.Field, value string) {
	desc := f.Description
	if len(f.Enum) > 0 {
		desc = strings.TrimSuffix(desc, ".") + ". One of: " + strings.Join(f.Enum, ", ") + "."
	}
	if !f.Required {
		comment(b, indent, f.Name+" (optional): "+desc)
		return
	}
	comment(b, indent, f.Name+" (required): "+desc)
	if value != "" {
		fmt.Fprintf(b, "%s%s: %s\n", indent, f.Name, value)
		return
	}
	switch f.Type {
	case "object":
		fmt.Fprintf(b, "%s%s:\n", indent, f.Name)
		object(b, indent+"  ", f.Fields)
	case "array":
		fmt.Fprintf(b, "%s%s:\n", indent, f.Name)
		item := f.Items
		if item == nil {
			fmt.Fprintf(b, "%s  - \"\"\n", indent)
			return
		}
		if item.Type == "object" {
			// The first field of the item opens it with "- ".
			var inner strings.Builder
			object(&inner, indent+"    ", item.Fields)
			text := inner.String()
			lines := strings.SplitAfter(text, "\n")
			opened := false
			for _, l := range lines {
				if !opened && strings.HasPrefix(l, indent+"    ") && !strings.HasPrefix(strings.TrimSpace(l), "#") {
					l = indent + "  - " + strings.TrimPrefix(l, indent+"    ")
					opened = true
				}
				b.WriteString(l)
			}
			if !opened {
				fmt.Fprintf(b, "%s  - {}\n", indent)
			}
			return
		}
		comment(b, indent+"  ", "each item: "+item.Description)
		fmt.Fprintf(b, "%s  - %s\n", indent, placeholder(item))
	default:
		fmt.Fprintf(b, "%s%s: %s\n", indent, f.Name, placeholder(f))
	}
}

func object(b *strings.Builder, indent string, fields []*schemas.Field) {
	for _, f := range fields {
		skeletonField(b, indent, f, "")
	}
}

// placeholder is the value written for a required field left to fill in.
func placeholder(f *schemas.Field) string {
	switch f.Type {
	case "number", "integer", "boolean":
		return "null"
	}
	return `""`
}

// comment writes text as comment lines of at most 78 characters.
func comment(b *strings.Builder, indent, text string) {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return
	}
	width := 78 - len(indent) - 2
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			fmt.Fprintf(b, "%s# %s\n", indent, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	fmt.Fprintf(b, "%s# %s\n", indent, line)
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
