package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/dossier-data/dossier/canonical"
	"github.com/dossier-data/dossier/internal/escape"
	"github.com/dossier-data/dossier/internal/linediff"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"

	"github.com/urfave/cli/v2"
)

func init() { register(fmtCommand) }

func fmtCommand(s Streams) *cli.Command {
	return &cli.Command{
		Name:      "fmt",
		Usage:     "rewrite record files in their canonical YAML form",
		ArgsUsage: "[PATH...]",
		Description: "PATH is the dataset, its records folder, a kind folder or record files (default: the\n" +
			"dataset of the working folder); any other path is a usage error. The canonical form:\n" +
			"keys in schema order, two-space indentation, quotes only where needed (dates always),\n" +
			"comments kept. Rewritten files are listed on stdout. Files with YAML errors, and files\n" +
			"whose silences (# dossier:ignore) would cover other values, are never rewritten: their\n" +
			"findings go to stderr, as do the entries of the records folder that are\n" +
			"not record files fmt can read (a symbolic link, a FIFO, a folder named *.yaml, …).\n" +
			"--check lists the files that would change and rewrites nothing (under GitHub Actions also as\n" +
			"annotations); --diff prints the changes\n" +
			"as a unified diff and rewrites nothing.\n" +
			"Exit codes: 0 done, 1 files with errors (or, with --check, files to format), 2 usage,\n" +
			"3 I/O or internal failure.",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "check", Usage: "list files not in canonical form, exit 1 if any; rewrite nothing"},
			&cli.BoolFlag{Name: "diff", Aliases: []string{"d"}, Usage: "print a unified diff of the changes; rewrite nothing"},
			jobsFlag(),
			limitFlagDefs()[0], // --max-file-size, as validate reads it
		},
		Action: func(c *cli.Context) error {
			set, err := loadSchemas(c)
			if err != nil {
				return err
			}
			files, unread, limit, err := fmtFiles(c, set)
			if err != nil {
				return err
			}
			broken := len(unread) // entries not formatted: each is one
			writeFindings(s.Err, unread)
			check, diff := c.Bool("check"), c.Bool("diff")
			changed, failed := 0, 0
			for r := range formatEach(files, c.Int("jobs"), limit) {
				switch {
				case r.err != nil && errors.Is(r.err, canonical.ErrNotParsed):
					broken++
					writeFindings(s.Err, r.diags)
				case r.err != nil && (errors.Is(r.err, canonical.ErrComment) || errors.Is(r.err, canonical.ErrSilence)):
					broken++ // the contributor's to move, as a finding is
					note(s.Err, "%v", r.err)
				case r.err != nil:
					failed++
					note(s.Err, "%v", r.err)
				case bytes.Equal(r.src, r.out):
				default:
					changed++
					switch {
					case diff:
						if err := writeDiff(s.Out, r.file, r.src, r.out); err != nil {
							return exit(ExitFailure, "writing the diff: %v", err)
						}
					case check:
						printLine(s.Out, r.file)
						if s.Getenv("GITHUB_ACTIONS") == "true" {
							fmt.Fprintf(s.Out, "::error file=%s,title=dossier fmt::not in canonical form; run dossier fmt (dossier fmt --diff shows the changes)\n", ghProperty(r.file))
						}
					default:
						if err := writeAtomic(r.file, r.out); err != nil {
							failed++
							note(s.Err, "%v", err)
							continue
						}
						printLine(s.Out, r.file)
					}
				}
			}
			switch {
			case failed > 0:
				return exit(ExitFailure, "%d %s could not be formatted", failed, plural(failed, "file", "files"))
			case broken > 0:
				return exit(ExitFindings, "%d %s with errors left as %s; fix the errors above, then run dossier fmt again",
					broken, plural(broken, "file", "files"), plural(broken, "it is", "they are"))
			case check && changed > 0:
				return exit(ExitFindings, "%d %s not in canonical form; run dossier fmt", changed, plural(changed, "file is", "files are"))
			}
			return nil
		},
	}
}

// fmtFiles lists the record files to format as validate lists them: the
// records folder of the dataset the PATH arguments (or the working
// folder) are in, kept to the paths named. unread holds the listing's
// findings about the entries named that are not formatted (a symbolic
// link, a FIFO, a folder named like a record, a file outside a kind
// folder): nothing under the records folder is skipped silently. A path
// outside the records folder, or one that holds nothing to format or
// report, is a usage error. limit is the largest file to read.
func fmtFiles(c *cli.Context, set *schemas.Set) (files []read.File, unread diag.List, limit int64, err error) {
	args := c.Args().Slice()
	first := ""
	if len(args) > 0 {
		first = args[0]
	}
	d, err := openDataset(c, first)
	if err != nil {
		return nil, nil, 0, err
	}
	only, err := namedPaths(d, args)
	if err != nil {
		return nil, nil, 0, err
	}
	all, _, diags, err := read.List(d.records, set, d.config.Limits)
	if err != nil {
		if errors.Is(err, read.ErrNoRecords) {
			return nil, nil, 0, usage("%v (the dataset at %s has no records folder; run dossier init there)", err, displayPath(d.root))
		}
		return nil, nil, 0, exit(ExitFailure, "%v", err)
	}
	listed := map[string]bool{}
	for _, f := range all {
		listed[f.Path] = true
		if only == nil || only.covers(f.Path) {
			files = append(files, f)
		}
	}
	for _, dg := range diags {
		if dg.Severity == diag.Error && !listed[dg.File] && (only == nil || only.covers(dg.File)) {
			unread = append(unread, dg)
		}
	}
	unread.Sort()
	if only != nil {
		for _, q := range only.paths {
			found := false
			for _, f := range files {
				found = found || namedIn(f.Path, q)
			}
			for _, dg := range unread {
				found = found || namedIn(dg.File, q) || dg.File == only.root
			}
			if !found {
				return nil, nil, 0, usage("%s holds no record file: records are %s/<kind>/<id>.yaml", escape.Line(q), d.records)
			}
		}
	}
	return files, unread, d.config.Limits.FileSize(), nil
}

// namedIn reports whether the listed path p is the named path q or lies
// inside it.
func namedIn(p, q string) bool { return p == q || strings.HasPrefix(p, q+"/") }

// formatted is the outcome for one file.
type formatted struct {
	file     string
	src, out []byte
	diags    diag.List
	err      error
}

// formatEach formats the files in parallel and yields the results in the
// files' order. At most a few results per worker wait to be handled, so
// memory stays bounded however many files there are.
func formatEach(files []read.File, jobs int, limit int64) iter.Seq[formatted] {
	return func(yield func(formatted) bool) {
		if jobs <= 0 {
			jobs = max(1, min(len(files), runtime.GOMAXPROCS(0)))
		}
		type job struct {
			i   int
			out chan formatted
		}
		done := make(chan struct{})
		work := make(chan job)
		order := make(chan chan formatted, 4*jobs)
		var wg sync.WaitGroup
		for w := 0; w < jobs; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range work {
					j.out <- formatOne(files[j.i], limit) // buffered: never blocks
				}
			}()
		}
		go func() {
			defer close(order)
			defer close(work)
			for i := range files {
				out := make(chan formatted, 1)
				select {
				case order <- out:
				case <-done:
					return
				}
				select {
				case work <- job{i, out}:
				case <-done:
					return
				}
			}
		}()
		for out := range order {
			if !yield(<-out) {
				break
			}
		}
		close(done)
		wg.Wait()
	}
}

func formatOne(f read.File, limit int64) formatted {
	r := formatted{file: f.Path}
	src, d := read.ReadFile(f.Path, limit)
	switch {
	case d != nil && d.Rule == "limit":
		// validate's finding, so that fmt and validate agree (exit 1)
		r.diags, r.err = diag.List{*d}, canonical.ErrNotParsed
		return r
	case d != nil:
		r.err = fmt.Errorf("%s: %s", f.Path, d.Message)
		return r
	}
	r.src = src
	r.out, r.diags, r.err = canonical.Format(f.Path, src, f.Kind)
	return r
}

// writeAtomic replaces a file with data through a hidden temporary file in
// the same folder, keeping its permissions; a failure leaves it as it was.
func writeAtomic(p string, data []byte) error {
	name := filepath.FromSlash(p)
	info, err := os.Stat(name)
	if err != nil {
		return fmt.Errorf("%s: %v", p, unwrap(err))
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("%s: %v", p, unwrap(err))
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), info.Mode().Perm())
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("%s: %v", p, unwrap(err))
	}
	return nil
}

// writeDiff writes the unified diff of one file's change, its name and
// its lines escaped: a record's text cannot rewrite the terminal either.
func writeDiff(w io.Writer, file string, src, out []byte) error {
	var buf bytes.Buffer
	name := escape.Line(file)
	if err := linediff.Unified(&buf, "a/"+name, "b/"+name, src, out); err != nil {
		return err
	}
	_, err := io.WriteString(w, escape.Text(buf.String()))
	return err
}

// writeFindings prints findings in their canonical one-line form with
// their hints.
func writeFindings(w io.Writer, l diag.List) {
	for _, d := range l {
		if d.Severity != diag.Error {
			continue
		}
		printLine(w, d.String())
		if d.Hint != "" {
			printLine(w, "      = hint: "+d.Hint)
		}
	}
}
