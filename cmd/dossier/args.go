package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// The command-line parser (urfave/cli v2, over Go's flag package) reads a
// command's flags only before its first argument. dossier accepts them
// anywhere, as kubeconform and check-jsonschema do: hoistFlags moves them
// in front of the arguments before the parser sees them.

// hoistFlags returns args (args[0] is the program) with the flags of the
// command moved before its arguments; "--" ends the flags, and what
// follows it stays an argument even when it starts with '-'. A global flag
// (--schemas) written after the command moves before the command. A flag
// that takes a value keeps the word after it ("--format json"). Unknown
// flags stay flags, for the parser to report. "dossier help CMD" becomes
// "dossier CMD --help" and "dossier help" "dossier --help"; --help or -h
// among a command's arguments gives that command's help alone.
func hoistFlags(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	var global []string
	rest := args[1:]
	i := 0
	for i < len(rest) && isFlag(rest[i]) {
		n := 1
		if takesValue(app.Flags, rest[i]) && i+1 < len(rest) {
			n = 2
		}
		global = append(global, rest[i:i+n]...)
		i += n
	}
	if i == len(rest) {
		return args
	}
	name, tail := rest[i], rest[i+1:]
	if name == "help" {
		if len(tail) == 0 {
			return append(append([]string{args[0]}, global...), "--help")
		}
		name, tail = tail[0], []string{"--help"}
	}
	cmd := app.Command(name)
	if cmd == nil {
		return append(append(append([]string{args[0]}, global...), name), tail...)
	}
	var flags, positional []string
	for j := 0; j < len(tail); j++ {
		a := tail[j]
		if a == "--" {
			positional = append(positional, tail[j+1:]...)
			break
		}
		if !isFlag(a) {
			positional = append(positional, a)
			continue
		}
		to := &flags
		defs := cmd.Flags
		if lookupFlag(cmd.Flags, a) == nil && lookupFlag(app.Flags, a) != nil {
			to, defs = &global, app.Flags
		}
		*to = append(*to, a)
		if takesValue(defs, a) && j+1 < len(tail) {
			*to = append(*to, tail[j+1])
			j++
		}
	}
	out := append(append([]string{args[0]}, global...), name)
	for _, f := range flags {
		if n := flagName(f); n == "help" || n == "h" {
			// the command's own help: the parser would read the
			// arguments as help topics ("No help topic for 'x'")
			return append(out, "--help")
		}
	}
	out = append(out, flags...)
	for _, p := range positional {
		if isFlag(p) || p == "--" {
			// the parser must not take it for a flag
			out = append(out, "--")
			break
		}
	}
	return append(out, positional...)
}

// isFlag reports whether a word of the command line is a flag: "-x",
// "--name", "--name=value". "-" alone is an argument.
func isFlag(a string) bool { return len(a) > 1 && a[0] == '-' }

// flagName is the name of the flag a word gives, without dashes and value.
func flagName(a string) string {
	n := strings.TrimLeft(a, "-")
	n, _, _ = strings.Cut(n, "=")
	return n
}

func lookupFlag(defs []cli.Flag, a string) cli.Flag {
	name := flagName(a)
	for _, f := range defs {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

// takesValue reports whether the flag word a is followed by its value: a
// known flag that takes one, written without "=value".
func takesValue(defs []cli.Flag, a string) bool {
	if strings.Contains(a, "=") {
		return false
	}
	f, ok := lookupFlag(defs, a).(cli.DocGenerationFlag)
	return ok && f.TakesValue()
}
