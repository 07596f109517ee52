package releasepage

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/dossier-data/dossier/datapackage"
	"github.com/dossier-data/dossier/schemas"
)

//go:embed page.html.tmpl
var pageText string

//go:embed page.css
var pageCSS string

var pageTemplate = template.Must(template.New("page").Parse(pageText))

// contentPolicy allows the page its own inline style sheet and nothing
// else: no script, no request to any address, no form.
var contentPolicy = func() string {
	sum := sha256.Sum256([]byte(pageCSS))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; base-uri 'none'; form-action 'none'"
}()

// Options say what the page needs beyond the files of the release folder.
type Options struct {
	// Schemas describe the fields for the data dictionary; nil leaves the
	// dictionary out.
	Schemas *schemas.Set
	// Citation is how to cite the release (dossier.yaml's citation); ""
	// builds it from the descriptor's title, version, created day and
	// homepage, as the release README does.
	Citation string
	// Written lists files of the folder as their writer made them: Path,
	// Bytes, SHA256 and Rows (data rows of a .csv or .jsonl file, -1 for
	// any other). RenderFS takes a listed file whose size agrees as it is
	// instead of hashing and counting it again; the release compiler,
	// which hashed every file while writing it, passes them. nil reads
	// every file.
	Written []File
	// Queries are the one-liners the page offers in its "Query it"
	// section; none leaves the section out.
	Queries []Query
	// Digest is the digest of the tables of the folder's dataset.json,
	// made by the writer of the folder as it wrote them; RenderFS shows it
	// instead of reading dataset.json again. nil reads it.
	Digest *Digest
}

// RenderFS reads the release folder fsys and renders its page to w. The
// folder may already hold an index.html, which is ignored: the release
// compiler calls it while it writes the page into that folder.
func RenderFS(w io.Writer, fsys fs.FS, opts Options) error {
	r, err := read(fsys, opts.Written, opts.Digest)
	if err != nil {
		return fmt.Errorf("release page: %w", err)
	}
	return Render(w, r, opts)
}

// Query is a ready command that answers a question from the files of the
// release, run in the release folder.
type Query struct {
	Tool, Over, Question, Command string
}

// Render writes the page of release r to w. The output depends on r and
// opts only.
func Render(w io.Writer, r *Release, opts Options) error {
	v := build(r, opts.Schemas)
	v.Queries = opts.Queries
	if opts.Citation != "" {
		v.Cite = opts.Citation
	}
	v.LinkedData = buildLinkedData(&r.Package, r.Files, v.Created, v.Cite)
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, v); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// ref is a link to a record: its ID and what the page calls it. Known is
// false when the ID is no record of the release; the page then shows the
// ID without a link.
type ref struct {
	ID, Label string
	Known     bool
	// Listed is true when the record is on the page under its anchor; a
	// known record left out by a cap (ListLimit) shows its label without
	// a link.
	Listed bool
}

// cite is a citation as shown: the source, the locator, and the source's
// own address when it has an http or https one.
type cite struct {
	Source  ref
	Locator string
	URL     string
}

type withdrawnView struct {
	Reason    string
	Successor *ref
}

type recordView struct {
	ID        string
	Notes     string
	Sources   []cite
	Withdrawn *withdrawnView
}

type eventView struct {
	recordView
	Title, Summary, Date, When string
	Places, Actors, Follows    []ref
	FollowedBy, Quotes, Figs   []ref
	Tags                       []string
}

type quoteView struct {
	recordView
	Text, Role, Date, When, Language string
	Direct                           bool
	About                            []ref
	AppearedIn                       *ref
}

type speakerView struct {
	Speaker ref
	Quotes  []quoteView
}

type figureView struct {
	recordView
	Measure, Type, Unit, Wording, Derived, Date, When string
	Bound, Value, Low, Best, High                     string
	Disputed                                          bool
	About                                             []labelled
}

// labelled is a link with a word saying how it relates: "event", "part of".
type labelled struct {
	Rel string
	Ref ref
}

type roleView struct {
	Title        string
	Organization *ref
	When         string
}

type actorView struct {
	recordView
	Name, Type, Summary string
	Aliases             []string
	Roles               []roleView
}

type placeView struct {
	recordView
	Name, Type, Summary, Coordinates string
	Aliases                          []string
	Within                           *ref
}

type sourceView struct {
	recordView
	Title, Kind, Authors, Publisher, URL, Address, Published, Language, Translation, Summary string
	AuthorActors                                                                             []ref
	CitedIn                                                                                  *ref
}

type countView struct {
	Table, Title, Description string
	Rows, Active, Withdrawn   int
}

type fileView struct {
	File
	Size string
}

// fileGroup is the files of one table in its formats, or the files about
// the release as a whole.
type fileGroup struct {
	Name, Description string
	Table             string // the table whose files these are; "" for the whole release
	Link              bool   // a link table: one row per item of a list field
	Files             []fileView
}

// tableDownload is one row of the downloads: a table and its files.
type tableDownload struct {
	Name, Description           string
	Link                        bool // a link table: one row per item of a list field
	Rows                        int
	CSV, Parquet, JSONL, SQLite *fileView
}

type licenseView struct {
	Name, URL string
}

type fieldView struct {
	Path, Type, Description, Refs string
	Required                      bool
	Enum                          []string
}

type kindView struct {
	Table, Title, Description string
	Fields                    []fieldView
}

// linkedData is the release as a schema.org Dataset, in JSON-LD, for
// search engines and data catalogues that read it from the page.
type linkedData struct {
	Context       string       `json:"@context"`
	Type          string       `json:"@type"`
	Name          string       `json:"name"`
	Description   string       `json:"description,omitempty"`
	Version       string       `json:"version,omitempty"`
	DatePublished string       `json:"datePublished,omitempty"`
	URL           string       `json:"url,omitempty"`
	License       []string     `json:"license,omitempty"`
	Creator       []ldCreator  `json:"creator,omitempty"`
	Citation      string       `json:"citation,omitempty"`
	Distribution  []ldDownload `json:"distribution,omitempty"`
}

type ldCreator struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type ldDownload struct {
	Type           string `json:"@type"`
	ContentURL     string `json:"contentUrl"`
	EncodingFormat string `json:"encodingFormat,omitempty"`
	ContentSize    string `json:"contentSize"`
	SHA256         string `json:"sha256"`
}

func buildLinkedData(p *datapackage.Package, files []File, day, cite string) *linkedData {
	ld := &linkedData{
		Context: "https://schema.org", Type: "Dataset", Name: p.Title, Description: p.Description,
		Version: p.Version, DatePublished: day, URL: webURL(p.Homepage), Citation: cite,
	}
	if ld.Name == "" {
		ld.Name = p.Name
	}
	for _, l := range p.Licenses {
		switch {
		case webURL(l.Path) != "":
			ld.License = append(ld.License, l.Path)
		case l.Name != "":
			ld.License = append(ld.License, l.Name)
		}
	}
	for _, c := range p.Contributors {
		if c.Title != "" {
			ld.Creator = append(ld.Creator, ldCreator{Type: "Organization", Name: c.Title})
		}
	}
	for _, f := range files {
		ld.Distribution = append(ld.Distribution, ldDownload{Type: "DataDownload", ContentURL: f.Path,
			EncodingFormat: f.Mediatype, ContentSize: strconv.FormatInt(f.Bytes, 10) + " B", SHA256: f.SHA256})
	}
	return ld
}

// view is everything the template shows.
type view struct {
	CSP, Lang                 string
	CSS                       template.CSS
	LinkedData                *linkedData
	Title, Name, Version      string
	Description               []block // the dataset description, Markdown
	Created, Cite             string
	Licenses                  []licenseView
	Counts                    []countView
	Records                   int
	Files                     []fileGroup // every file, by table, with its checksum
	Archive                   string      // the release's archive, beside the folder
	Whole                     []fileView  // the files of the whole release but the tables'
	Tables                    []tableDownload
	Queries                   []Query
	Timeline, TimelineStacked *timeline
	Events                    []eventView
	Speakers                  []speakerView
	Quotes                    int // quotes listed
	Figures                   []figureView
	Actors                    []actorView
	Places                    []placeView
	Sources                   []sourceView
	// Per section: how many records the release holds, and the note
	// saying what a cap (ListLimit) left out; nil when all are listed.
	Total                                                              map[string]int
	EventsCap, QuotesCap, FiguresCap, ActorsCap, PlacesCap, SourcesCap *capNote
	Dictionary                                                         []kindView
	Changelog                                                          []block
	HasChangelog                                                       bool
}

// index knows every record of the release by ID (its digest), and which
// of them the page lists.
type index struct {
	g      *Digest
	listed map[string]bool
}

func (x *index) ref(id string) ref {
	l, ok := x.g.label(id)
	if !ok {
		l = id
	}
	return ref{ID: id, Label: l, Known: ok, Listed: x.listed[id]}
}

func (x *index) refs(ids []string) []ref {
	out := make([]ref, 0, len(ids))
	for _, id := range ids {
		out = append(out, x.ref(id))
	}
	return out
}

func (x *index) optRef(id string) *ref {
	if id == "" {
		return nil
	}
	r := x.ref(id)
	return &r
}

func (x *index) record(r Record) recordView {
	v := recordView{ID: r.ID, Notes: r.Notes}
	for _, c := range r.Sources {
		ci := cite{Source: x.ref(c.Source), Locator: c.Locator}
		ci.URL = x.g.urls[c.Source]
		v.Sources = append(v.Sources, ci)
	}
	if r.Status == "withdrawn" || r.Withdrawn != nil {
		v.Withdrawn = &withdrawnView{}
		if r.Withdrawn != nil {
			v.Withdrawn.Reason = r.Withdrawn.Reason
			v.Withdrawn.Successor = x.optRef(r.Withdrawn.Successor)
		}
	}
	return v
}

// webURL returns u when it is an absolute http or https address, else "".
func webURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}

// capNote says that a section shows the first Shown of the Total records
// of its table (digits grouped), in the section's Order, and names the
// table's files in the release, which hold them all.
type capNote struct {
	Table, Order, Shown, Total string
	Files                      []string
}

// newCap returns the note of a section that lists shown of total records
// of table, or nil when it lists them all. files are the release's files.
func newCap(table, order string, shown, total int, files []File) *capNote {
	if shown >= total {
		return nil
	}
	c := &capNote{Table: table, Order: order, Shown: groupDigits(strconv.Itoa(shown)), Total: groupDigits(strconv.Itoa(total))}
	for _, ext := range []string{".jsonl", ".csv", ".parquet"} {
		for _, f := range files {
			if f.Path == table+ext {
				c.Files = append(c.Files, f.Path)
			}
		}
	}
	return c
}

// fileGroups groups the files by table: first the files of the whole
// release (dataset.json, the descriptor, the notes), then each kind table
// in schema order followed by its link tables, then anything else by name.
func fileGroups(files []File, set *schemas.Set) []fileGroup {
	kinds := [][2]string{{"event", "events"}, {"quote", "quotes"}, {"figure", "figures"}, {"actor", "actors"}, {"place", "places"}, {"source", "sources"}}
	if set != nil {
		kinds = kinds[:0]
		for _, k := range set.Kinds {
			kinds = append(kinds, [2]string{k.Name, k.Table})
		}
	}
	byBase := map[string]*fileGroup{}
	var bases []string
	whole := &fileGroup{Name: "The whole release", Description: "Every table in one database or one JSON document, the Data Package descriptor and the notes of the release."}
	for _, f := range files {
		base := strings.TrimSuffix(f.Path, path.Ext(f.Path))
		if ext := path.Ext(f.Path); strings.Contains(f.Path, "/") || (ext != ".csv" && ext != ".jsonl" && ext != ".parquet") {
			whole.Files = append(whole.Files, fileView{File: f, Size: size(f.Bytes)})
			continue
		}
		g := byBase[base]
		if g == nil {
			g = &fileGroup{Name: base, Table: base, Description: f.Title}
			byBase[base] = g
			bases = append(bases, base)
		}
		if g.Description == "" {
			g.Description = f.Title
		}
		g.Files = append(g.Files, fileView{File: f, Size: size(f.Bytes)})
	}
	sort.Strings(bases)
	var out []fileGroup
	if len(whole.Files) > 0 {
		out = append(out, *whole)
	}
	taken := map[string]bool{}
	take := func(base string, link bool) {
		if g := byBase[base]; g != nil && !taken[base] {
			taken[base] = true
			g.Link = link
			out = append(out, *g)
		}
	}
	for _, k := range kinds {
		if set != nil {
			if kk := set.Kind(k[0]); kk != nil && byBase[k[1]] != nil {
				byBase[k[1]].Description = kk.Description
			}
		}
		take(k[1], false)
		for _, b := range bases {
			if strings.HasPrefix(b, k[0]+"_") {
				take(b, true)
			}
		}
	}
	for _, b := range bases {
		take(b, false)
	}
	return out
}

// counts gives the rows of each table, in schema order.
func (g *Digest) counts(set *schemas.Set) []countView {
	tables := []struct {
		name         string
		n, withdrawn int
	}{{"events", g.events.n, g.events.withdrawn}, {"quotes", g.quotes.n, g.quotes.withdrawn},
		{"figures", g.figures.n, g.figures.withdrawn}, {"actors", g.actors.n, g.actors.withdrawn},
		{"places", g.places.n, g.places.withdrawn}, {"sources", g.sources.n, g.sources.withdrawn}}
	var out []countView
	for _, t := range tables {
		c := countView{Table: t.name, Title: t.name, Rows: t.n, Withdrawn: t.withdrawn, Active: t.n - t.withdrawn}
		if set != nil {
			if k := set.KindByTable(t.name); k != nil {
				c.Title, c.Description = k.Title, k.Description
			}
		}
		out = append(out, c)
	}
	return out
}

// dictionary lists every field of every kind, nested fields under their
// parent's path.
func dictionary(set *schemas.Set) []kindView {
	var out []kindView
	for _, k := range set.Kinds {
		kv := kindView{Table: k.Table, Title: k.Title, Description: k.Description}
		var walk func(prefix string, fields []*schemas.Field)
		walk = func(prefix string, fields []*schemas.Field) {
			for _, f := range fields {
				fv := fieldView{Path: prefix + f.Name, Type: fieldType(f), Description: f.Description,
					Required: f.Required, Enum: f.Enum, Refs: strings.Join(f.Ref, ", ")}
				if f.Type == "array" && f.Items != nil {
					if fv.Refs == "" {
						fv.Refs = strings.Join(f.Items.Ref, ", ")
					}
					if fv.Enum == nil {
						fv.Enum = f.Items.Enum
					}
				}
				kv.Fields = append(kv.Fields, fv)
				switch {
				case f.Type == "object":
					walk(prefix+f.Name+".", f.Fields)
				case f.Type == "array" && f.Items != nil && f.Items.Type == "object":
					walk(prefix+f.Name+"[].", f.Items.Fields)
				}
			}
		}
		walk("", k.Fields)
		out = append(out, kv)
	}
	return out
}

func fieldType(f *schemas.Field) string {
	t := f.Type
	if f.Format != "" {
		t += " (" + f.Format + ")"
	}
	if f.Type == "array" && f.Items != nil {
		t = "list of " + fieldType(f.Items)
	}
	return t
}

// readRange puts a start and an end date (EDTF) in words.
func readRange(from, to string) string {
	switch {
	case from != "" && to != "":
		return readDate(from) + " to " + readDate(to)
	case from != "":
		return "from " + readDate(from)
	case to != "":
		return "until " + readDate(to)
	}
	return ""
}

// number writes a number for reading: digits grouped by thousands with
// commas (6000000 is 6,000,000), the rest as the release wrote it.
// boundWords reads a figure's bound as the words a reader expects before
// its value.
var boundWords = map[string]string{
	"about": "about", "at-least": "at least", "more-than": "more than",
	"at-most": "at most", "less-than": "less than",
}

func number(n *json.Number) string {
	if n == nil {
		return ""
	}
	return groupDigits(n.String())
}

// groupDigits puts commas between the thousands of the whole part of a
// decimal number of four digits or more; text in any other form (an
// exponent, anything not a number) is returned as it is.
func groupDigits(s string) string {
	sign, rest := "", s
	if strings.HasPrefix(rest, "-") {
		sign, rest = "-", rest[1:]
	}
	whole, frac, hasFrac := strings.Cut(rest, ".")
	if len(whole) < 4 || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return s
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// createdDay returns the day of an RFC 3339 time, or the text as it is.
func createdDay(s string) string {
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		return s[:10]
	}
	return s
}

// citation is how to cite the release when the release gives no text of
// its own: "Title, version 1.2.0 (2026-11-20). homepage", the form the
// release README uses.
func citation(p *datapackage.Package, day string) string {
	title := p.Title
	if title == "" {
		title = p.Name
	}
	s := title
	if p.Version != "" {
		s += ", version " + p.Version
	}
	if day != "" {
		s += " (" + day + ")"
	}
	s += "."
	if p.Homepage != "" {
		s += " " + p.Homepage
	}
	return s
}

// size writes a byte count for people: 812 B, 14.2 kB, 3.1 MB (powers of
// 1000).
func size(n int64) string {
	if n < 1000 {
		return strconv.FormatInt(n, 10) + " B"
	}
	f := float64(n)
	for _, unit := range []string{"kB", "MB", "GB", "TB"} {
		f /= 1000
		if f < 999.95 || unit == "TB" {
			return strconv.FormatFloat(f, 'f', 1, 64) + " " + unit
		}
	}
	return ""
}
