package release

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/dossier-data/dossier/schemas"
)

// The kind pass writes every file of one kind at once: the kind table's
// JSON Lines, CSV and Parquet files and the CSV and Parquet files of each
// of its link tables, each through its format's sink (sink.go). Each record's value is decoded once, its JSON line
// and its cells made once, written to every file and let go, so that the
// compiler holds one record's rows at a time, never a table's.

// pageFill is given each record of a kind table, in row order, with its
// JSON line (valid only during the call); see pagedata.go.
type pageFill func(i int, obj map[string]any, fields []*schemas.Field, line []byte) error

// passOptions are what the sinks need beyond the tables: the dossier
// version for Parquet's created_by, and the folder for the Parquet
// writers' temporary files ("" for the system's).
type passOptions struct {
	tool, spill string
}

// writeKind writes the files of tables, a kind table then its link tables
// (as compile returns them), in formats: for each table in turn, a file per
// format (formats for kind tables only are skipped for link tables), each
// opened with open(<table><ext>). It sets the Count of each link table.
// each, when not nil, is given every record.
func writeKind(tables []*Data, formats []format, open func(name string) (io.Writer, error), each pageFill, o passOptions) error {
	p := &kindPass{kind: tables[0], links: tables[1:], each: each, sinks: make([][]tableSink, len(tables))}
	for n, d := range tables {
		for _, f := range formats {
			if f.kindsOnly && d.Link() {
				continue
			}
			w, err := open(d.Name + f.ext)
			if err != nil {
				return err
			}
			s, err := f.open(w, d.Table, o)
			if err != nil {
				return err
			}
			if f.line {
				p.lineSinks = append(p.lineSinks, s)
			} else {
				p.sinks[n] = append(p.sinks[n], s)
				p.cellsWanted = true
			}
		}
	}
	if err := p.run(); err != nil {
		return err
	}
	for _, s := range p.lineSinks {
		if err := s.close(); err != nil {
			return err
		}
	}
	for _, ss := range p.sinks {
		for _, s := range ss {
			if err := s.close(); err != nil {
				return err
			}
		}
	}
	return nil
}

// kindPass is the pass over one kind's records: each record's JSON line
// and cells are made once and given to every sink of the kind.
type kindPass struct {
	kind        *Data
	links       []*Data
	each        pageFill
	lineSinks   []tableSink   // of the kind table: given each record's line
	sinks       [][]tableSink // per table (kind table first): given cells
	cellsWanted bool

	row  tableRow // the kind table's row
	link tableRow // a link table's row
}

func (p *kindPass) run() error {
	// Where each link table finds its list in the kind table's cells.
	lists := make([]int, len(p.links))
	p.kind.farDays = nil
	for n, l := range p.links {
		lists[n] = index(p.kind.Columns, l.List)
		l.Count, l.farDays = 0, nil
	}
	idi := indexOf(p.kind.Columns, "id")
	p.row.cells = make([]any, len(p.kind.Columns))
	for i, r := range p.kind.Records {
		obj := fields(r)
		if obj == nil {
			return fmt.Errorf("%s: the record has no value", r.File)
		}
		if err := p.line(i, obj); err != nil {
			return fmt.Errorf("%s: %w", r.File, err)
		}
		if !p.cellsWanted {
			continue
		}
		var err error
		if p.row.cells, err = rowInto(p.row.cells, p.kind.Columns, obj); err != nil {
			return fmt.Errorf("%s: %w", r.File, err)
		}
		p.kind.noteDays(p.row.cells)
		if err := put(p.sinks[0], &p.row); err != nil {
			return err
		}
		id := p.row.cells[idi]
		for n, l := range p.links {
			k, err := p.unfold(p.sinks[n+1], id, p.row.cells[lists[n]], l, obj)
			if err != nil {
				return fmt.Errorf("%s: %w", r.File, err)
			}
			l.Count += k
		}
	}
	return nil
}

// line makes the JSON line of record i, when a sink or each wants it, and
// gives it to them.
func (p *kindPass) line(i int, obj map[string]any) error {
	if len(p.lineSinks) == 0 && p.each == nil {
		return nil
	}
	var err error
	if p.row.line, err = appendRecord(p.row.line[:0], p.kind.Kind.Fields, obj); err != nil {
		return err
	}
	if p.each != nil {
		if err := p.each(i, obj, p.kind.Kind.Fields, p.row.line); err != nil {
			return err
		}
	}
	return put(p.lineSinks, &p.row)
}

// unfold gives sinks the rows of link table l: one per item of its list
// column c of record obj, whose ID is id and whose cell of c is list; it
// returns how many. A list of objects gives each item's fields (c.Elem),
// from the record's value.
func (p *kindPass) unfold(sinks []tableSink, id, list any, l *Data, obj map[string]any) (int, error) {
	c := l.List
	items, _ := list.([]string)
	if c.Elem == nil {
		for k, s := range items {
			p.link.cells = append(p.link.cells[:0], id, int64(k+1), s)
			if err := put(sinks, &p.link); err != nil {
				return 0, err
			}
		}
		return len(items), nil
	}
	objs, _ := lookup(obj, c.path).([]any)
	for k, it := range objs {
		m, _ := it.(map[string]any)
		p.link.cells = append(p.link.cells[:0], id, int64(k+1))
		for range c.Elem {
			p.link.cells = append(p.link.cells, nil)
		}
		if _, err := rowInto(p.link.cells[2:], c.Elem, m); err != nil {
			return 0, fmt.Errorf("%s item %d: %w", c.Field.Name, k+1, err)
		}
		l.noteDays(p.link.cells)
		if err := put(sinks, &p.link); err != nil {
			return 0, err
		}
	}
	return len(objs), nil
}

func put(sinks []tableSink, r *tableRow) error {
	for _, s := range sinks {
		if err := s.add(r); err != nil {
			return err
		}
	}
	return nil
}

// kindGroups splits data, as compile returns it, into kinds: each kind
// table followed by its link tables.
func kindGroups(data []*Data) [][]*Data {
	var out [][]*Data
	for i := 0; i < len(data); {
		j := i + 1
		for j < len(data) && data[j].Link() && data[j].Kind == data[i].Kind {
			j++
		}
		out = append(out, data[i:j])
		i = j
	}
	return out
}

// outFile is a release file being written: buffered, and hashed and
// counted as it goes.
type outFile struct {
	name string
	f    io.WriteCloser
	h    *hashCounter
	bw   *bufio.Writer
}

func createFile(create func(string) (io.WriteCloser, error), dir, name string) (*outFile, error) {
	f, err := create(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		return nil, err
	}
	o := &outFile{name: name, f: f, h: &hashCounter{h: sha256.New()}}
	o.bw = bufio.NewWriterSize(namedWriter{name, io.MultiWriter(f, o.h)}, 64<<10)
	return o, nil
}

// namedWriter names its file in the errors of w.
type namedWriter struct {
	name string
	w    io.Writer
}

func (n namedWriter) Write(p []byte) (int, error) {
	k, err := n.w.Write(p)
	if err != nil {
		err = fmt.Errorf("writing %s: %w", n.name, err)
	}
	return k, err
}

// finish writes what is buffered and closes the file.
func (o *outFile) finish() (File, error) {
	err := o.bw.Flush()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return File{}, err
	}
	return File{Name: o.name, Bytes: o.h.n, SHA256: hex.EncodeToString(o.h.h.Sum(nil))}, nil
}

// writeKinds runs the kind pass of every kind into dir on up to workers
// goroutines, the largest kinds first, and returns the files in the order
// of the kinds, each kind's in the order writeKind opens them. page gives
// the page's fill for a kind table, nil for none. The first error stops
// the kinds not yet started; the error returned is that of the first
// failed kind in their order.
func writeKinds(create func(string) (io.WriteCloser, error), dir string, kinds [][]*Data, page func(d *Data) pageFill, o passOptions, workers int) ([]File, error) {
	cost := make([]int, len(kinds))
	order := make([]int, len(kinds))
	for i, k := range kinds {
		order[i] = i
		for _, d := range k {
			cost[i] += len(k[0].Records) * len(d.Columns)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return cost[order[a]] > cost[order[b]] })
	files := make([][]File, len(kinds))
	errs := make([]error, len(kinds))
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < max(1, min(workers, len(kinds))); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(order) || failed.Load() {
					return
				}
				i := order[k]
				var fill pageFill
				if page != nil {
					fill = page(kinds[i][0])
				}
				if files[i], errs[i] = writeKindFiles(create, dir, kinds[i], fill, o); errs[i] != nil {
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	var out []File
	for i := range kinds {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, files[i]...)
	}
	return out, nil
}

// writeKindFiles creates the files of one kind in dir and runs its pass.
func writeKindFiles(create func(string) (io.WriteCloser, error), dir string, tables []*Data, fill pageFill, o passOptions) (_ []File, err error) {
	var open []*outFile
	defer func() {
		if err != nil {
			for _, o := range open {
				o.f.Close()
			}
		}
	}()
	err = writeKind(tables, tableFormats, func(name string) (io.Writer, error) {
		o, err := createFile(create, dir, name)
		if err != nil {
			return nil, fmt.Errorf("writing %s: %w", name, err)
		}
		open = append(open, o)
		return o.bw, nil
	}, fill, o)
	if err != nil {
		return nil, err
	}
	out := make([]File, 0, len(open))
	for len(open) > 0 {
		o := open[0]
		f, err := o.finish()
		open = open[1:]
		if err != nil {
			return nil, fmt.Errorf("writing %s: %w", o.name, err)
		}
		out = append(out, f)
	}
	return out, nil
}
