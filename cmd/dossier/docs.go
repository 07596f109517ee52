package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/report"

	"github.com/urfave/cli/v2"
)

func init() { register(docsCommand) }

// generatedDocs are the files dossier docs writes, each from its source of
// truth: the schemas and the rule catalog.
var generatedDocs = []struct {
	name  string
	write func(*bytes.Buffer, *schemas.Set) error
}{
	{"schema.md", func(b *bytes.Buffer, set *schemas.Set) error { return set.WriteMarkdown(b) }},
	{"rules.md", func(b *bytes.Buffer, _ *schemas.Set) error {
		return report.WriteRules(b, "markdown", validate.Rules(), true)
	}},
}

func docsCommand(s Streams) *cli.Command {
	return &cli.Command{
		Name:  "docs",
		Usage: "generate docs/schema.md and docs/rules.md from the schemas and the rule catalog",
		Description: "Rewrites the files that are out of date and lists them. --check rewrites nothing and exits 1\n" +
			"when a file is out of date.\n" +
			"Exit codes: 0 done, 1 out of date with --check, 2 usage (--out is a file), 3 I/O failure.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Value: "docs", Usage: "the `DIR` to write into"},
			&cli.BoolFlag{Name: "check", Usage: "list the files that are out of date, exit 1 if any; rewrite nothing"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usage("docs takes no arguments")
			}
			set, err := loadSchemas(c)
			if err != nil {
				return err
			}
			dir := c.String("out")
			if err := outFolder(dir, !c.Bool("check")); err != nil {
				return err
			}
			stale := 0
			for _, d := range generatedDocs {
				var buf bytes.Buffer
				if err := d.write(&buf, set); err != nil {
					return exit(ExitFailure, "%s: %v", d.name, err)
				}
				p := filepath.Join(dir, d.name)
				old, err := os.ReadFile(p)
				if err == nil && bytes.Equal(old, buf.Bytes()) {
					continue
				} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
					return exit(ExitFailure, "%s: %v", pathText(p), unwrap(err))
				}
				stale++
				if !c.Bool("check") {
					if err := writeAtomicNew(p, buf.Bytes()); err != nil {
						return exit(ExitFailure, "%v", err)
					}
				}
				printLine(s.Out, filepath.ToSlash(p)) // listed once written, or found out of date
			}
			if c.Bool("check") && stale > 0 {
				return exit(ExitFindings, "%d generated %s out of date; run dossier docs", stale, plural(stale, "file is", "files are"))
			}
			return nil
		},
	}
}

// writeAtomicNew writes a file through a temporary file and a rename, for a
// file that may not exist yet.
func writeAtomicNew(p string, data []byte) error {
	if _, err := os.Stat(p); err == nil {
		return writeAtomic(filepath.ToSlash(p), data)
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("%s: %v", filepath.ToSlash(p), unwrap(err))
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%s: %v", filepath.ToSlash(p), unwrap(err))
	}
	return nil
}
