package main

import (
	"strings"

	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/report"

	"github.com/urfave/cli/v2"
)

func init() { register(rulesCommand) }

func rulesCommand(s Streams) *cli.Command {
	return &cli.Command{
		Name:      "rules",
		Usage:     "list the rules findings name, with their default severity",
		ArgsUsage: "[RULE...]",
		Description: "Without RULE, one line per rule; with RULE, its full entry: what it checks, why, and a failing and a passing example.\n" +
			"--format markdown writes docs/rules.md.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: text, markdown or json"},
		},
		Action: func(c *cli.Context) error {
			format := c.String("format")
			if !contains(report.RuleFormats, format) {
				return usage("unknown --format %q (want %s)", format, strings.Join(report.RuleFormats, ", "))
			}
			rules := validate.Rules()
			if c.NArg() > 0 {
				var ids []string
				for _, r := range rules {
					ids = append(ids, r.ID)
				}
				rules = nil
				for _, id := range c.Args().Slice() {
					r := validate.LookupRule(id)
					if r == nil {
						return usage("unknown rule %q%s (dossier rules lists them)", id, diag.Suggestion(id, ids))
					}
					rules = append(rules, r)
				}
			}
			if err := report.WriteRules(s.Out, format, rules, c.NArg() == 0); err != nil {
				return exit(ExitFailure, "writing the rules: %v", err)
			}
			return nil
		},
	}
}
