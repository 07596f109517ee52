package main

import (
	"io"
	"os"
	"strings"

	"github.com/dossier-data/dossier/validate/report"
	"github.com/urfave/cli/v2"
)

// maxJobs bounds --jobs: each worker holds files in memory, and more
// workers than this only cost memory.
const maxJobs = 1024

// jobsFlag is --jobs of the commands that work in parallel; 0 (the default)
// is one worker per CPU.
func jobsFlag() cli.Flag {
	return &cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Usage: "parallel workers: `N` from 1 to 1024", DefaultText: "one per CPU"}
}

// reportFlags are the flags of the findings report of validate and build.
func reportFlags(what string) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: what + " `FORMAT`: " + strings.Join(report.Formats, ", "), DefaultText: "github under GitHub Actions, else text"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print the findings only, without the closing count (text and github formats)"},
		&cli.StringFlag{Name: "color", Usage: "colour the severities: `WHEN` is auto (on a terminal, unless NO_COLOR is set), always or never", DefaultText: "auto"},
	}
}

// reportOptions reads the flags of reportFlags: the format and the options
// of the text and github writers.
func reportOptions(c *cli.Context, s Streams) (string, report.Options, error) {
	format := c.String("format")
	if format == "" {
		format = "text"
		if s.Getenv("GITHUB_ACTIONS") == "true" {
			format = "github"
		}
	}
	if !contains(report.Formats, format) {
		return "", report.Options{}, usage("unknown --format %q (want %s)", format, strings.Join(report.Formats, ", "))
	}
	color, err := useColor(c.String("color"), s.Getenv, isTerminal(s.Out))
	if err != nil {
		return "", report.Options{}, err
	}
	return format, report.Options{Quiet: c.Bool("quiet"), Color: color}, nil
}

// useColor decides --color WHEN: always and never as said; auto (or no
// flag) colours only a terminal, and not when NO_COLOR is set to anything
// but "" (https://no-color.org) or TERM is dumb.
func useColor(when string, getenv func(string) string, terminal bool) (bool, error) {
	switch when {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "", "auto":
		return terminal && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb", nil
	}
	return false, usage("unknown --color %q (want auto, always or never)", when)
}

// isTerminal reports whether w is a terminal (a character device, as a
// terminal is; a pipe or a file is not).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// checkFlags runs before every command: a flag given an empty value, or a
// count given a negative one, is a usage error naming the flag, rather
// than a silent default.
func checkFlags(c *cli.Context) error {
	if c.IsSet("jobs") {
		if n := c.Int("jobs"); n < 1 || n > maxJobs {
			return usage("--jobs must be a number of workers from 1 to %d, not %d (leave it out for one per CPU)", maxJobs, n)
		}
	}
	for _, f := range c.Command.Flags {
		name := f.Names()[0]
		if !c.IsSet(name) {
			continue
		}
		switch f.(type) {
		case *cli.StringFlag:
			if c.String(name) == "" {
				return usage("--%s is empty; give it a value (dossier %s --help lists them) or leave it out", name, c.Command.Name)
			}
		case *cli.IntFlag, *cli.Int64Flag:
			if n := c.Int64(name); n < 0 {
				return usage("--%s must be 0 or more, not %d", name, n)
			}
		}
	}
	return nil
}

// plainHelp keeps the help of switches plain: the parser would add
// "(default: false)" to each. Other flags state their default once, with
// DefaultText where the zero value means something else.
func plainHelp(flags []cli.Flag) {
	for _, f := range flags {
		if b, ok := f.(*cli.BoolFlag); ok {
			b.DisableDefaultText = true
		}
	}
}
