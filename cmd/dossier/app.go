package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/dossier-data/dossier/internal/escape"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate/diag"

	"github.com/urfave/cli/v2"
)

// Exit codes, documented in the README.
const (
	ExitOK       = 0 // clean (warnings allowed unless --strict)
	ExitFindings = 1 // findings that fail the run
	ExitUsage    = 2 // bad command line
	ExitFailure  = 3 // I/O or internal failure
)

// Streams are the process's standard streams and environment, injected so
// every command runs in-process in tests.
type Streams struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	Getenv func(string) string
}

// exitError carries an exit code out of a command; its message, if any, is
// printed to stderr.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func exit(code int, format string, args ...any) error {
	return &exitError{code: code, msg: fmt.Sprintf(format, args...)}
}

// commandSpec builds one command; each command file registers its own in
// init, so the command tree is data and files stay independent.
var commandSpecs []func(s Streams) *cli.Command

func register(spec func(s Streams) *cli.Command) { commandSpecs = append(commandSpecs, spec) }

// Main runs dossier with args (args[0] is the program name) and returns the
// exit code. Nothing below it calls os.Exit.
func Main(args []string, s Streams) (code int) {
	if s.Getenv == nil {
		s.Getenv = func(string) string { return "" }
	}
	if s.In == nil {
		s.In = os.Stdin
	}
	defer func() {
		if r := recover(); r != nil {
			note(s.Err, "internal error: %v", r)
			code = ExitFailure
		}
	}()
	app := newApp(s)
	err := app.Run(hoistFlags(app, args))
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			note(s.Err, "%s", ee.msg)
		}
		return ee.code
	}
	// urfave/cli reports unknown commands and flags as plain errors.
	note(s.Err, "%v", err)
	return ExitUsage
}

// note prints a message on stderr, "dossier: " first. Every message goes
// through it or through validate's writers: the names and text it holds
// are escaped (escape.Line), so a file name cannot rewrite the terminal or
// start a workflow command in a CI log.
func note(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "dossier: %s\n", escape.Line(fmt.Sprintf(format, args...)))
}

// printLine prints a name or a line of text on its own line, escaped.
func printLine(w io.Writer, s string) { fmt.Fprintln(w, escape.Line(s)) }

// newApp builds the command tree: the global flags and every registered
// command, sorted by name.
func newApp(s Streams) *cli.App {
	app := &cli.App{
		Name:                 "dossier",
		Usage:                "validate dataset records and compile them into releases",
		Version:              tool.String(),
		Reader:               s.In,
		Writer:               s.Out,
		ErrWriter:            s.Err,
		HideHelpCommand:      true,
		EnableBashCompletion: false,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "schemas", Usage: "load the JSON Schemas from `DIR` instead of those built in"},
		},
		ExitErrHandler: func(*cli.Context, error) {},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				var names []string
				for _, cmd := range c.App.Commands {
					names = append(names, cmd.Name)
				}
				return usage("unknown command %q%s; run dossier --help for the list", c.Args().First(), diag.Suggestion(c.Args().First(), names))
			}
			return cli.ShowAppHelp(c)
		},
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return usageError(c, err)
		},
	}
	for _, spec := range commandSpecs {
		cmd := spec(s)
		cmd.OnUsageError = app.OnUsageError
		cmd.Before = checkFlags
		plainHelp(cmd.Flags)
		app.Commands = append(app.Commands, cmd)
	}
	sort.Slice(app.Commands, func(i, j int) bool { return app.Commands[i].Name < app.Commands[j].Name })
	return app
}

// loadSchemas returns the schema set: --schemas DIR, or the embedded one.
func loadSchemas(c *cli.Context) (*schemas.Set, error) {
	dir := c.String("schemas")
	if dir == "" {
		set, err := schemas.Default()
		if err != nil {
			return nil, exit(ExitFailure, "built-in schemas: %v", err)
		}
		return set, nil
	}
	set, err := schemas.Load(os.DirFS(dir))
	if err != nil {
		return nil, exit(ExitFailure, "schemas in %s: %v", dir, err)
	}
	return set, nil
}

// usageError words an error of the command-line parser: an unknown flag
// is named, with the closest flag of the command and where to find them.
func usageError(c *cli.Context, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return usage("%v", err)
	}
	var names []string
	where, flags := "dossier", c.App.Flags
	if c.Command != nil && c.Command.Name != "" && c.Command.Name != c.App.Name {
		where, flags = "dossier "+c.Command.Name, c.Command.Flags
	}
	for _, f := range flags {
		for _, n := range f.Names() {
			if len(n) > 1 {
				names = append(names, n)
			}
		}
	}
	hint := ""
	if got := diag.Suggest(name, names, 1); len(got) > 0 {
		hint = fmt.Sprintf("; did you mean --%s?", got[0])
	}
	dashes := "--"
	if len(name) == 1 {
		dashes = "-"
	}
	return usage("unknown flag %s%s%s (%s --help lists the flags)", dashes, name, hint, where)
}

// usage reports a bad command line.
func usage(format string, args ...any) error { return exit(ExitUsage, format, args...) }
