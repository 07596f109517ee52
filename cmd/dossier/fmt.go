package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/dossier-data/dossier/canonical"
	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/internal/escape"
	"github.com/dossier-data/dossier/internal/linediff"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate"
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
		Description: "PATH is a records folder or record files (default: records). The canonical form:\n" +
			"keys in schema order, two-space indentation, quotes only where needed (dates always),\n" +
			"comments kept. Rewritten files are listed on stdout. Files with YAML errors are never\n" +
			"rewritten: their findings go to stderr.\n" +
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
			paths := c.Args().Slice()
			if len(paths) == 0 {
				paths = []string{"records"}
			}
			files, err := recordFiles(paths)
			if err != nil {
				return err
			}
			limit, err := fmtFileLimit(c, paths)
			if err != nil {
				return err
			}
			check, diff := c.Bool("check"), c.Bool("diff")
			changed, broken, failed := 0, 0, 0
			for r := range formatEach(files, set, c.Int("jobs"), limit) {
				switch {
				case r.err != nil && errors.Is(r.err, canonical.ErrNotParsed):
					broken++
					writeFindings(s.Err, r.diags)
				case r.err != nil && errors.Is(r.err, canonical.ErrComment):
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

// recordFile is one file to format and the kind its folder names (nil
// outside a kind folder).
type recordFile struct {
	path string // slash-separated, as reported
	kind string // the table of its folder, e.g. events
}

// recordFiles expands PATH arguments: a folder gives every *.yaml file
// under it (hidden entries skipped, sorted); a file is taken as named.
func recordFiles(args []string) ([]recordFile, error) {
	var out []recordFile
	seen := map[string]bool{}
	add := func(p string) {
		p = filepath.ToSlash(filepath.Clean(p))
		if !seen[p] {
			seen[p] = true
			out = append(out, recordFile{path: p, kind: path.Base(path.Dir(p))})
		}
	}
	for _, a := range args {
		info, err := os.Lstat(a)
		if err != nil {
			return nil, usage("%s: %v", a, unwrap(err))
		}
		if !info.IsDir() {
			if !info.Mode().IsRegular() {
				return nil, usage("%s is not a regular file; dossier fmt rewrites record files only", a)
			}
			add(a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != a && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() && d.Type().IsRegular() && strings.HasSuffix(d.Name(), ".yaml") {
				add(p)
			}
			return nil
		})
		if err != nil {
			return nil, exit(ExitFailure, "%v", err)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out, nil
}

// formatted is the outcome for one file.
type formatted struct {
	file     string
	src, out []byte
	diags    diag.List
	err      error
}

// maxRecordFile is validate's default limit on a record file.
const maxRecordFile = 1 << 20

// fmtFileLimit is the largest record file fmt reads: --max-file-size, else
// max-file-size under limits: in the dossier.yaml of the dataset of the
// first path (as validate finds it), else validate's default. A file over
// it gets validate's limit finding.
func fmtFileLimit(c *cli.Context, paths []string) (int64, error) {
	lim, err := limitFlags(c)
	if err != nil {
		return 0, err
	}
	if lim.MaxFileSize > 0 {
		return lim.MaxFileSize, nil
	}
	if root, ok := config.FindRoot(paths[0]); ok {
		cfg, _, err := config.Read(root, validate.Rules()) // its findings are validate's to report
		if err == nil && cfg.Limits.MaxFileSize > 0 {
			return cfg.Limits.MaxFileSize, nil
		}
	}
	return maxRecordFile, nil
}

// formatEach formats the files in parallel and yields the results in the
// files' order. At most a few results per worker wait to be handled, so
// memory stays bounded however many files there are.
func formatEach(files []recordFile, set *schemas.Set, jobs int, limit int64) iter.Seq[formatted] {
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
					j.out <- formatOne(files[j.i], set, limit) // buffered: never blocks
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

func formatOne(f recordFile, set *schemas.Set, limit int64) formatted {
	r := formatted{file: f.path}
	src, d := read.ReadFile(f.path, limit)
	switch {
	case d != nil && d.Rule == "limit":
		// validate's finding, so that fmt and validate agree (exit 1)
		r.diags, r.err = diag.List{*d}, canonical.ErrNotParsed
		return r
	case d != nil:
		r.err = fmt.Errorf("%s: %s", f.path, d.Message)
		return r
	}
	r.src = src
	r.out, r.diags, r.err = canonical.Format(f.path, src, set.KindByTable(f.kind))
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
