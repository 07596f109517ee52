package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/dossier-data/dossier/scaffold"

	"github.com/urfave/cli/v2"
)

func init() { register(schemasCommand) }

func schemasCommand(s Streams) *cli.Command {
	return &cli.Command{
		Name:      "schemas",
		Usage:     "write the JSON Schemas of this dossier into a folder, for editors",
		ArgsUsage: "DIR",
		Description: "Writes DIR/<kind>.schema.json and DIR/common.schema.json, byte for byte the schemas dossier\n" +
			"validates with (built in, or those of --schemas), replacing older copies, and lists them.\n" +
			"dossier init puts them in " + scaffold.SchemaDir + "/, where the editor settings it writes look;\n" +
			"run dossier schemas " + scaffold.SchemaDir + " after upgrading dossier.\n" +
			"Exit codes: 0 done, 2 usage (DIR is a file), 3 I/O failure.",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usage("schemas needs one DIR to write the schema files into")
			}
			set, err := loadSchemas(c)
			if err != nil {
				return err
			}
			dir := filepath.Clean(c.Args().First())
			if err := outFolder(dir, true); err != nil {
				return err
			}
			for _, f := range scaffold.SchemaFiles(set, ".") {
				p := filepath.Join(dir, f.Path)
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					return exit(ExitFailure, "%s: %v", pathText(p), unwrap(err))
				}
				fmt.Fprintf(s.Out, "wrote %s\n", pathText(p))
			}
			return nil
		},
	}
}
