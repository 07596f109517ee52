package schemas

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

//go:embed *.schema.json
var embedded embed.FS

// Embedded returns the FS of the schemas compiled into the binary.
func Embedded() fs.FS { return embedded }

// BaseURL is the $id prefix every schema shares. It is a name, never fetched.
const BaseURL = "https://dossier.invalid/schemas/"

// CommonFile is the schema of shared definitions; it describes no record kind.
const CommonFile = "common.schema.json"

// Set is a loaded, consistent set of schemas: one per record kind plus the
// shared definitions. It is immutable after Load and safe for concurrent use.
type Set struct {
	// Kinds in a fixed order: event, quote, figure, actor, place, source,
	// then any other kind by name.
	Kinds []*Kind
	// Files maps a schema file name (event.schema.json) to its bytes.
	Files map[string][]byte

	byName  map[string]*Kind
	byTable map[string]*Kind
	docs    map[string]*Object // file name -> parsed document
}

// Kind is one record kind, described by one schema file.
type Kind struct {
	Name        string // singular: event
	Table       string // plural, also the records/ folder and release table name: events
	File        string // event.schema.json
	URL         string // the schema's $id
	Title       string
	Description string
	Fields      []*Field // top-level properties in schema order
}

// Field is one property of a record, resolved through $ref.
type Field struct {
	Name        string
	Description string
	// Type is the JSON type: string, number, integer, boolean, object or
	// array. A field declared only with enum has type "string".
	Type     string
	Format   string   // e.g. edtf, uri; "" when none
	Enum     []string // allowed values, in schema order; nil when any
	Ref      []string // kinds this field's value must be the ID of (x-ref); nil when not a reference
	Required bool     // required in its parent object
	Pattern  string
	Items    *Field   // element of an array field
	Fields   []*Field // properties of an object field, in schema order
}

// Kind returns the kind with the given singular name, or nil.
func (s *Set) Kind(name string) *Kind { return s.byName[name] }

// KindByTable returns the kind stored in records/<table>/, or nil.
func (s *Set) KindByTable(table string) *Kind { return s.byTable[table] }

// KindNames returns the singular names of all kinds in Set order.
func (s *Set) KindNames() []string {
	names := make([]string, len(s.Kinds))
	for i, k := range s.Kinds {
		names[i] = k.Name
	}
	return names
}

// Field returns the top-level field with the given name, or nil.
func (k *Kind) Field(name string) *Field {
	for _, f := range k.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// FieldAt returns the field a JSON pointer's tokens lead to (array indexes
// step into Items), or nil when the path is not declared.
func (k *Kind) FieldAt(tokens []string) *Field {
	fields := k.Fields
	var cur *Field
	for _, tok := range tokens {
		if cur != nil && cur.Type == "array" {
			cur = cur.Items
			if cur == nil {
				return nil
			}
			fields = cur.Fields
			continue
		}
		cur = nil
		for _, f := range fields {
			if f.Name == tok {
				cur = f
				break
			}
		}
		if cur == nil {
			return nil
		}
		fields = cur.Fields
	}
	return cur
}

// Doc returns the parsed schema document of a file, for callers that need
// keywords the field model does not carry. Nil when unknown.
func (s *Set) Doc(file string) *Object { return s.docs[file] }

var kindOrder = []string{"event", "quote", "figure", "actor", "place", "source"}

// Load reads every *.schema.json at the top of fsys and builds the field
// model. It fails on malformed JSON, a kind schema without x-kind/x-table, a
// $ref outside the set, or two kinds with the same name or table.
func Load(fsys fs.FS) (*Set, error) {
	names, err := fs.Glob(fsys, "*.schema.json")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no *.schema.json files found")
	}
	sort.Strings(names)
	s := &Set{Files: map[string][]byte{}, byName: map[string]*Kind{}, byTable: map[string]*Kind{}, docs: map[string]*Object{}}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		obj, err := ParseObject(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if id, _ := obj.Get("$id").(string); id != BaseURL+name {
			return nil, fmt.Errorf("%s: $id must be %q, not %q", name, BaseURL+name, id)
		}
		s.Files[name] = b
		s.docs[name] = obj
	}
	if s.docs[CommonFile] == nil {
		return nil, fmt.Errorf("%s is missing", CommonFile)
	}
	for _, name := range names {
		if name == CommonFile {
			continue
		}
		obj := s.docs[name]
		k := &Kind{File: name, URL: BaseURL + name}
		k.Name, _ = obj.Get("x-kind").(string)
		k.Table, _ = obj.Get("x-table").(string)
		k.Title, _ = obj.Get("title").(string)
		k.Description, _ = obj.Get("description").(string)
		if k.Name == "" || k.Table == "" {
			return nil, fmt.Errorf("%s: a record schema needs x-kind and x-table", name)
		}
		if s.byName[k.Name] != nil || s.byTable[k.Table] != nil {
			return nil, fmt.Errorf("%s: kind %q or table %q is declared twice", name, k.Name, k.Table)
		}
		f, err := s.field(name, "", obj, 0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		k.Fields = f.Fields
		s.byName[k.Name] = k
		s.byTable[k.Table] = k
		s.Kinds = append(s.Kinds, k)
	}
	rank := func(n string) int {
		for i, o := range kindOrder {
			if o == n {
				return i
			}
		}
		return len(kindOrder)
	}
	sort.SliceStable(s.Kinds, func(i, j int) bool {
		ri, rj := rank(s.Kinds[i].Name), rank(s.Kinds[j].Name)
		if ri != rj {
			return ri < rj
		}
		return s.Kinds[i].Name < s.Kinds[j].Name
	})
	return s, nil
}

// field builds the Field of schema object obj found in file, following $ref.
// Keywords on obj itself win over those of the schema it refers to.
func (s *Set) field(file, name string, obj *Object, depth int) (*Field, error) {
	if depth > 32 {
		return nil, fmt.Errorf("$ref chain too deep at %q", name)
	}
	f := &Field{Name: name}
	if ref, ok := obj.Get("$ref").(string); ok {
		tfile, target, err := s.resolve(file, ref)
		if err != nil {
			return nil, err
		}
		base, err := s.field(tfile, name, target, depth+1)
		if err != nil {
			return nil, err
		}
		*f = *base
	}
	if d, ok := obj.Get("description").(string); ok {
		f.Description = d
	}
	if t, ok := obj.Get("type").(string); ok {
		f.Type = t
	}
	if v, ok := obj.Get("format").(string); ok {
		f.Format = v
	}
	if v, ok := obj.Get("pattern").(string); ok {
		f.Pattern = v
	}
	if e, ok := obj.Get("enum").([]any); ok {
		f.Enum = nil
		for _, v := range e {
			f.Enum = append(f.Enum, fmt.Sprint(v))
		}
		if f.Type == "" {
			f.Type = "string"
		}
	}
	switch r := obj.Get("x-ref").(type) {
	case string:
		f.Ref = []string{r}
	case []any:
		f.Ref = nil
		for _, v := range r {
			f.Ref = append(f.Ref, fmt.Sprint(v))
		}
	}
	if items, ok := obj.Get("items").(*Object); ok {
		it, err := s.field(file, "", items, depth+1)
		if err != nil {
			return nil, err
		}
		f.Items = it
		if f.Type == "" {
			f.Type = "array"
		}
	}
	if props, ok := obj.Get("properties").(*Object); ok {
		required := map[string]bool{}
		if req, ok := obj.Get("required").([]any); ok {
			for _, r := range req {
				required[fmt.Sprint(r)] = true
			}
		}
		f.Fields = nil
		for _, key := range props.Keys {
			po, ok := props.Get(key).(*Object)
			if !ok {
				return nil, fmt.Errorf("property %q is not a schema object", key)
			}
			pf, err := s.field(file, key, po, depth+1)
			if err != nil {
				return nil, err
			}
			pf.Required = required[key]
			f.Fields = append(f.Fields, pf)
		}
		if f.Type == "" {
			f.Type = "object"
		}
	}
	return f, nil
}

// resolve finds the schema object a $ref names, within the set only.
func (s *Set) resolve(file, ref string) (string, *Object, error) {
	target, frag, _ := strings.Cut(ref, "#")
	if target == "" {
		target = file
	} else {
		target = strings.TrimPrefix(target, BaseURL)
		if strings.Contains(target, ":") || strings.Contains(target, "/") {
			return "", nil, fmt.Errorf("$ref %q points outside the schema set", ref)
		}
		target = path.Clean(target)
	}
	doc := s.docs[target]
	if doc == nil {
		return "", nil, fmt.Errorf("$ref %q: no schema %s in the set", ref, target)
	}
	v := doc.Pointer(frag)
	o, ok := v.(*Object)
	if !ok {
		return "", nil, fmt.Errorf("$ref %q does not resolve to a schema object", ref)
	}
	return target, o, nil
}

var (
	defaultOnce sync.Once
	defaultSet  *Set
	defaultErr  error
)

// Default returns the schema set embedded in the binary, loaded once.
func Default() (*Set, error) {
	defaultOnce.Do(func() { defaultSet, defaultErr = Load(Embedded()) })
	return defaultSet, defaultErr
}
