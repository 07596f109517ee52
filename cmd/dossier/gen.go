package main

import (
	"fmt"
	"strings"

	"github.com/dossier-data/dossier/synth"
	"github.com/dossier-data/dossier/validate"

	"github.com/urfave/cli/v2"
)

func init() { register(genCommand) }

func genCommand(s Streams) *cli.Command {
	return &cli.Command{
		Name:      "gen",
		Usage:     "generate a synthetic, cross-referenced dataset for benchmarks and tests",
		ArgsUsage: "DIR",
		Description: "Writes DIR/records/<kind>/<id>.yaml: N valid records of every kind in realistic proportions.\n" +
			"The same --records and --seed give byte-identical files. --faults K adds K faults of each rule.",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "records", Aliases: []string{"n"}, Value: 1000, Usage: "write `N` records (at least 6)"},
			&cli.Int64Flag{Name: "seed", Value: 1, Usage: "random `SEED`; the same seed gives the same files"},
			&cli.IntFlag{Name: "faults", Usage: "inject `K` faults of each rule of the catalog"},
			&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Usage: "parallel `WRITERS`: from 1 to 1024", DefaultText: "4 per CPU"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usage("gen needs one DIR to write the dataset into")
			}
			var ids []string
			for _, r := range validate.Rules() {
				ids = append(ids, r.ID)
			}
			opts := synth.Options{Records: c.Int("records"), Seed: c.Int64("seed"), Faults: c.Int("faults"), FaultRules: ids, Jobs: c.Int("jobs")}
			if opts.Records < synth.MinRecords || opts.Faults < 0 {
				return usage("--records must be at least %d and --faults 0 or more", synth.MinRecords)
			}
			sum, err := synth.Generate(c.Args().First(), opts)
			if err != nil {
				return exit(ExitFailure, "%v", err)
			}
			n := sum.Counts
			fmt.Fprintf(s.Out, "wrote %d files: %d events, %d quotes, %d figures, %d actors, %d places, %d sources\n",
				sum.Files, n.Events, n.Quotes, n.Figures, n.Actors, n.Places, n.Sources)
			if opts.Faults > 0 {
				total := 0
				for _, k := range sum.Faults {
					total += k
				}
				fmt.Fprintf(s.Out, "injected %d faults over %d rules\n", total, len(sum.Faults))
				if len(sum.Skipped) > 0 {
					note(s.Err, "no fault known for rules: %s", strings.Join(sum.Skipped, ", "))
				}
			}
			return nil
		},
	}
}
