package main

import (
	"context"
	"errors"
	"io"

	"github.com/dossier-data/dossier/lsp"

	"github.com/urfave/cli/v2"
)

func init() { register(lspCommand) }

func lspCommand(s Streams) *cli.Command {
	return &cli.Command{
		Name:  "lsp",
		Usage: "serve the Language Server Protocol on stdin and stdout, for editors",
		Description: "Runs a language server for the dataset of the folder the editor opens: the findings of\n" +
			"dossier validate as the records are edited, completion, navigation, renames and formatting.\n" +
			"docs/editors.md shows how to set up VS Code, Neovim, Helix and Emacs. Messages about the\n" +
			"server itself go to stderr.",
		Action: func(c *cli.Context) error {
			set, err := loadSchemas(c)
			if err != nil {
				return err
			}
			err = lsp.Serve(context.Background(), stdio{s.In, s.Out}, lsp.Options{Schemas: set, Version: tool.Version, Log: s.Err})
			switch {
			case errors.Is(err, lsp.ErrNoShutdown):
				return exit(1, "lsp: %v", err) // the exit code the protocol asks for
			case err != nil:
				return exit(ExitFailure, "lsp: %v", err)
			}
			return nil
		},
	}
}

// stdio joins the standard input and output into one connection.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }
