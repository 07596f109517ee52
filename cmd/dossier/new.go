package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dossier-data/dossier/canonical"
	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/schemas"
	"github.com/dossier-data/dossier/validate"
	"github.com/dossier-data/dossier/validate/diag"
	"github.com/dossier-data/dossier/validate/read"
	"github.com/dossier-data/dossier/validate/record"

	"github.com/urfave/cli/v2"
)

func init() { register(newCommand) }

func newCommand(s Streams) *cli.Command {
	return &cli.Command{
		Name:      "new",
		Usage:     "start a new record: every required field, each field's description as a comment",
		ArgsUsage: "KIND [ID]",
		Description: "KIND is event, quote, figure, actor, place or source. Without ID, one is made from --title.\n" +
			"An ID already used by a record of any kind is refused (IDs are unique and never reused).\n" +
			"The record goes to stdout, or with --write to records/<kind>/<id>.yaml of the dataset, found as\n" +
			"validate finds it from any folder of it.\n" +
			"Exit codes: 0 done, 2 usage (unknown kind, bad or taken ID, a title validate would refuse,\n" +
			"--write outside a dataset), 3 I/O failure.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "title", Aliases: []string{"t"}, Usage: "the record's `TITLE` (or name, or measure); suggests the ID when none is given"},
			&cli.BoolFlag{Name: "write", Aliases: []string{"w"}, Usage: "write the file into the records folder instead of printing it"},
			&cli.StringFlag{Name: "records", Value: "records", Usage: "the records `DIR`", DefaultText: "that of the dataset the working folder is in"},
		},
		Action: func(c *cli.Context) error {
			set, err := loadSchemas(c)
			if err != nil {
				return err
			}
			args := c.Args().Slice()
			if len(args) == 0 || len(args) > 2 {
				return usage("new takes KIND and an optional ID; KIND is one of %s", strings.Join(set.KindNames(), ", "))
			}
			kind := set.Kind(args[0])
			if kind == nil {
				kind = set.KindByTable(args[0])
			}
			if kind == nil {
				return usage("unknown kind %q (kinds are %s)%s", args[0], strings.Join(set.KindNames(), ", "), diag.Suggestion(args[0], set.KindNames()))
			}
			title := strings.TrimSpace(c.String("title"))
			if err := checkTitle(title); err != nil {
				return err
			}
			id := ""
			if len(args) == 2 {
				id = args[1]
			} else if title != "" {
				id = suggestID(title)
				if id == "" {
					return usage("no ID can be made from the title %q; give one: dossier new %s ID", title, kind.Name)
				}
			} else {
				return usage("give an ID (dossier new %s ID) or a title to make one from (--title)", kind.Name)
			}
			if !idPattern.MatchString(id) || len(id) > maxID {
				hint := ""
				if k := suggestID(id); k != "" && k != id {
					hint = fmt.Sprintf("; did you mean %q?", k)
				}
				return usage("ID %q is not lowercase kebab-case of at most %d characters (letters, digits, single hyphens)%s", id, maxID, hint)
			}
			records, err := recordsFolder(c)
			if err != nil {
				return err
			}
			if taken, err := findID(records, set, id); err != nil {
				return exit(ExitFailure, "%v", err)
			} else if taken != "" {
				return usage("ID %q is taken by %s; IDs are unique across the dataset and never reused", id, taken)
			}
			out, err := canonical.Skeleton(kind, id, title)
			if err != nil {
				return exit(ExitFailure, "%v", err)
			}
			if !c.Bool("write") {
				_, err := s.Out.Write(out)
				return err
			}
			p := filepath.Join(records, kind.Table, id+".yaml")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return exit(ExitFailure, "%v", unwrap(err))
			}
			f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
			if err != nil {
				if errors.Is(err, fs.ErrExist) {
					return usage("%s exists", filepath.ToSlash(p))
				}
				return exit(ExitFailure, "%v", unwrap(err))
			}
			_, err = f.Write(out)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				os.Remove(p)
				return exit(ExitFailure, "%s: %v", filepath.ToSlash(p), unwrap(err))
			}
			printLine(s.Out, filepath.ToSlash(p))
			return nil
		},
	}
}

// recordsFolder returns the records folder dossier new works in: the one
// --records names, else that of the dataset the working folder is in,
// found as validate finds it (openDataset: from any folder of the
// dataset). With --write it must be a dataset's: the folder exists, or
// dossier.yaml stands beside where it would be (a dataset with no records
// yet); elsewhere dossier new --write would start a records folder
// silently, so that is a usage error saying where it looked. Without
// --write, outside a dataset, the records folder named may not exist,
// and then holds no IDs.
func recordsFolder(c *cli.Context) (string, error) {
	write := c.Bool("write")
	if !c.IsSet("records") {
		if _, ok := config.FindRoot("."); !ok {
			if !write {
				return c.String("records"), nil
			}
			where, err := os.Getwd()
			if err != nil {
				where = "."
			}
			return "", usage("no dataset in %s or above it: no %s folder and no %s; run dossier new --write in a dataset folder, or name its records folder with --records",
				pathText(where), config.RecordsFolder, config.File)
		}
		d, err := openDataset(c, "")
		if err != nil {
			return "", err
		}
		return d.records, nil
	}
	records := c.String("records")
	if !write {
		return records, nil
	}
	if info, err := os.Stat(records); err == nil && info.IsDir() {
		return records, nil
	}
	root := filepath.Dir(filepath.Clean(records))
	if _, err := os.Stat(filepath.Join(root, config.File)); err == nil {
		return records, nil
	}
	where, err := filepath.Abs(root)
	if err != nil {
		where = root
	}
	return "", usage("no dataset in %s: neither the records folder %s nor %s there; run dossier new --write in a dataset folder, or name its records folder with --records",
		pathText(where), filepath.Base(filepath.Clean(records)), config.File)
}

// checkTitle refuses a --title that validate would refuse in a record
// (a control or bidirectional formatting character, text over a limit),
// naming the flag and what is wrong: the record would not even format.
// The title is read as the record would hold it, under validate's
// profile, so the two cannot disagree.
func checkTitle(title string) error {
	if !utf8.ValidString(title) {
		return usage("--title %q is not valid UTF-8; give the title as UTF-8 text", title)
	}
	if title == "" {
		return nil
	}
	r := read.Parse("--title", []byte("title: "+strconv.Quote(title)+"\n"), nil, config.Limits{})
	for _, d := range r.Findings {
		if d.Severity == diag.Error {
			what := strings.TrimSuffix(d.Message, ", written as an escape")
			return usage("--title %q holds %s [%s]; give a title without it", title, what, d.Rule)
		}
	}
	return nil
}

// maxID is the longest ID the schemas allow.
const maxID = 120

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// suggestID makes an ID from a title: kebab-case, cut at a hyphen to at
// most 60 characters so IDs stay short enough to type.
func suggestID(title string) string {
	id := record.Kebab(title)
	for len(id) > 60 {
		i := strings.LastIndexByte(id[:60], '-')
		if i <= 0 {
			id = strings.Trim(id[:60], "-")
			break
		}
		id = id[:i]
	}
	return id
}

// findID returns the file of the record with this ID in any kind folder of
// records ("" when the ID is free): a file named <id>.yaml, whatever it
// holds, or a record whose id field is the ID, whatever its file is named.
// The records are loaded as validate loads them, under the limits of the
// dataset's dossier.yaml. A missing records folder holds no
// IDs; one over max-records cannot be checked, which is an error.
func findID(records string, set *schemas.Set, id string) (string, error) {
	for _, k := range set.Kinds {
		p := filepath.Join(records, k.Table, id+".yaml")
		if _, err := os.Lstat(p); err == nil {
			return filepath.ToSlash(p), nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("%s: %v", filepath.ToSlash(p), unwrap(err))
		}
	}
	cfg, _, err := config.Read(filepath.Dir(filepath.Clean(records)), validate.Rules())
	if err != nil {
		return "", err
	}
	ds, diags, err := validate.Load(records, validate.Options{Schemas: set, Config: cfg})
	if errors.Is(err, read.ErrNoRecords) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	for _, d := range diags {
		if d.File == ds.Root { // over max-records, or a link: no file was read
			return "", fmt.Errorf("%s: %s; the ID cannot be checked against the records", d.File, d.Message)
		}
	}
	for _, rec := range ds.Records {
		if rec.ID == id {
			return rec.File, nil
		}
	}
	return "", nil
}
