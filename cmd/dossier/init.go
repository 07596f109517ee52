package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/scaffold"
	"github.com/dossier-data/dossier/validate"

	"github.com/urfave/cli/v2"
)

func init() { register(initCommand) }

func initCommand(s Streams) *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "start a new dataset repository that validates and builds at once",
		ArgsUsage: "[DIR]",
		Description: "Writes into DIR (default: the current folder; created when missing) dossier.yaml, VERSION,\n" +
			".gitignore, records/ with a folder per kind and a README, a GitHub workflow that runs dossier's\n" +
			"action, pre-commit hooks, and VS Code settings that map each records folder to its JSON Schema\n" +
			"(copied into " + scaffold.SchemaDir + "/). The workflow and the hooks pin this dossier's release.\n" +
			"A folder that holds a dataset (dossier.yaml or records/), or any file init writes, is refused;\n" +
			"--force writes only the missing files and changes nothing that exists.\n" +
			"Exit codes: 0 done, 2 usage (a dataset is there, a bad name or licence), 3 I/O failure.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "name", Usage: "dataset `NAME`: lowercase letters, digits, '.', '_', '-' (default: from DIR)"},
			&cli.StringFlag{Name: "title", Usage: "dataset `TITLE` (default: from the name)"},
			&cli.StringFlag{Name: "license", Value: "CC-BY-4.0", Usage: "the data's licence, an SPDX or Open Definition `ID`, or LicenseRef-<name>"},
			&cli.BoolFlag{Name: "force", Usage: "write only the missing files, keeping every file that exists"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return usage("init takes one DIR, not %d arguments", c.NArg())
			}
			dir := "."
			if c.NArg() == 1 {
				dir = filepath.Clean(c.Args().First())
			}
			set, err := loadSchemas(c)
			if err != nil {
				return err
			}
			name := c.String("name")
			if name == "" {
				abs, err := filepath.Abs(dir)
				if err != nil {
					return exit(ExitFailure, "%v", err)
				}
				if name = suggestID(filepath.Base(abs)); name == "" {
					name = "dataset"
				}
			}
			title := c.String("title")
			if title == "" {
				title = titleOf(name)
			}
			license, err := config.LicenseID(c.String("license"))
			if err != nil {
				return usage("%v (%s)", err, config.LicenseHint)
			}
			files, err := scaffold.Files(scaffold.Options{Name: name, Title: title, License: license, Version: tool.Version, Schemas: set})
			if err != nil {
				return usage("%v", err)
			}
			if _, l := config.Parse(config.File, files[0].Data, validate.Rules()); len(l) > 0 {
				return usage("%s", l[0].Message)
			}
			shown := pathText(dir)
			if err := outFolder(dir, false); err != nil {
				return err
			}
			if !c.Bool("force") {
				held, err := scaffold.Holds(dir)
				if err != nil {
					return exit(ExitFailure, "%v", unwrap(err))
				}
				if held != "" {
					return usage("%s already holds a dataset (%s); dossier init --force writes only the missing files and changes nothing that exists", shown, held)
				}
				there, err := scaffold.Existing(dir, files)
				if err != nil {
					return exit(ExitFailure, "%v", unwrap(err))
				}
				if len(there) > 0 {
					return usage("%s exists; dossier init --force writes only the missing files and keeps it", pathText(filepath.Join(dir, there[0])))
				}
			}
			wrote, kept, err := scaffold.Write(dir, files)
			for _, p := range wrote {
				fmt.Fprintf(s.Out, "wrote %s\n", pathText(filepath.Join(dir, p)))
			}
			for _, p := range kept {
				fmt.Fprintf(s.Out, "kept  %s\n", pathText(filepath.Join(dir, p)))
			}
			if err != nil {
				return exit(ExitFailure, "%v", err)
			}
			return nil
		},
	}
}

// pathText is a path as printed: slash-separated, and quoted with Go
// escapes when it holds a character that is not printable.
func pathText(p string) string {
	p = filepath.ToSlash(p)
	if strings.IndexFunc(p, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return strconv.Quote(p)
	}
	return p
}

// titleOf makes a title from a dataset name: my-dataset gives My dataset.
func titleOf(name string) string {
	t := strings.Join(strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == '.' }), " ")
	if t == "" {
		return name
	}
	return strings.ToUpper(t[:1]) + t[1:]
}
