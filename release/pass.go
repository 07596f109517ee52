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
// of its link tables. Each record's value is decoded once, its JSON line
// and its cells made once, written to every file and let go, so that the
// compiler holds one record's rows at a time, never a table's.

// pageFill is given each record of a kind table, in row order, with its
// JSON line (valid only during the call); see pagedata.go.
type pageFill func(i int, obj map[string]any, fields []*schemas.Field, line []byte) error

// kindFiles says which files the kind pass writes; the zero value writes
// none.
type kindFiles struct {
	JSONL, CSV, Parquet bool
}

var allFiles = kindFiles{JSONL: true, CSV: true, Parquet: true}

// passOptions are what the kind pass needs beyond the tables: the dossier
// version for Parquet's created_by, and the folder for the Parquet
// writers' temporary files ("" for the system's).
type passOptions struct {
	tool, spill string
}

// writeKind writes the files of tables, a kind table then its link tables
// (as compile returns them), to the writers open gives, in the order
// JSON Lines (kind table only), CSV, Parquet for each table; it sets the
// Count of each link table. each, when not nil, is given every record.
// The Parquet writers keep their pages beyond 256 KiB a column in temporary
// files of o.spill.
func writeKind(tables []*Data, files kindFiles, open func(name string) (io.Writer, error), each pageFill, o passOptions) error {
	kind := tables[0]
	links := tables[1:]
	var jsonl io.Writer
	type sinks struct {
		csv     *csvTable
		parquet *parquetTable
	}
	outs := make([]sinks, len(tables))
	var err error
	for i, d := range tables {
		if i == 0 && files.JSONL {
			if jsonl, err = open(d.Name + ".jsonl"); err != nil {
				return err
			}
		}
		if files.CSV {
			w, err := open(d.Name + ".csv")
			if err != nil {
				return err
			}
			if outs[i].csv, err = newCSVTable(w, d.Table); err != nil {
				return err
			}
		}
		if files.Parquet {
			w, err := open(d.Name + ".parquet")
			if err != nil {
				return err
			}
			outs[i].parquet = newParquetTable(w, d.Table, o.tool, o.spill)
		}
	}
	put := func(n int, cells []any) error {
		if s := outs[n].csv; s != nil {
			if err := s.add(cells); err != nil {
				return err
			}
		}
		if s := outs[n].parquet; s != nil {
			if err := s.add(cells); err != nil {
				return err
			}
		}
		return nil
	}
	// Where each link table finds its list in the kind table's cells.
	lists := make([]int, len(links))
	for n, l := range links {
		lists[n] = index(kind.Columns, l.List)
		l.Count = 0
	}
	idi := indexOf(kind.Columns, "id")
	cells := make([]any, len(kind.Columns))
	var link []any
	var text []byte
	for i, r := range kind.Records {
		obj := fields(r)
		if obj == nil {
			return fmt.Errorf("%s: the record has no value", r.File)
		}
		if jsonl != nil || each != nil {
			if text, err = appendRecord(text[:0], kind.Kind.Fields, obj); err != nil {
				return fmt.Errorf("%s: %w", r.File, err)
			}
			if each != nil {
				if err := each(i, obj, kind.Kind.Fields, text); err != nil {
					return fmt.Errorf("%s: %w", r.File, err)
				}
			}
			if jsonl != nil {
				text = append(text, '\n')
				if _, err := jsonl.Write(text); err != nil {
					return err
				}
			}
		}
		if !files.CSV && !files.Parquet {
			continue
		}
		if cells, err = rowInto(cells, kind.Columns, obj); err != nil {
			return fmt.Errorf("%s: %w", r.File, err)
		}
		if err := put(0, cells); err != nil {
			return err
		}
		id := cells[idi]
		for n, l := range links {
			switch items := cells[lists[n]].(type) {
			case []string:
				for k, s := range items {
					link = append(link[:0], id, int64(k+1), s)
					if err := put(n+1, link); err != nil {
						return err
					}
				}
				l.Count += len(items)
			case [][]any:
				for k, it := range items {
					link = append(append(link[:0], id, int64(k+1)), it...)
					if err := put(n+1, link); err != nil {
						return err
					}
				}
				l.Count += len(items)
			}
		}
	}
	for _, o := range outs {
		if o.csv != nil {
			if err := o.csv.close(); err != nil {
				return err
			}
		}
		if o.parquet != nil {
			if err := o.parquet.close(); err != nil {
				return err
			}
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
	err = writeKind(tables, allFiles, func(name string) (io.Writer, error) {
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
