package releasepage

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestReadRefusesABrokenRelease: a file that differs from what
// datapackage.json says of it, or is missing, fails the page instead of
// giving readers a wrong checksum.
func TestReadRefusesABrokenRelease(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		change     func(dir string) error
	}{
		{"changed file", "events.jsonl: datapackage.json says sha256", func(dir string) error {
			p := filepath.Join(dir, "events.jsonl")
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b[0] = ' '
			return os.WriteFile(p, b, 0o644)
		}},
		{"longer file", "events.jsonl: datapackage.json says", func(dir string) error {
			f, err := os.OpenFile(filepath.Join(dir, "events.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			f.WriteString("\n")
			return f.Close()
		}},
		{"missing file", "quotes.csv: listed in datapackage.json but not in the release folder", func(dir string) error {
			return os.Remove(filepath.Join(dir, "quotes.csv"))
		}},
		{"no dataset.json", "dataset.json", func(dir string) error {
			return os.Remove(filepath.Join(dir, "dataset.json"))
		}},
		{"malformed datapackage.json", "datapackage.json", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "datapackage.json"), []byte(`{"name": "x"} {}`), 0o644)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, _ := fixtureRelease(t)
			if err := tc.change(dir); err != nil {
				t.Fatal(err)
			}
			err := writePage(dir, Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one saying %q", err, tc.want)
			}
			if _, err := os.Stat(filepath.Join(dir, PageFile)); !os.IsNotExist(err) {
				t.Errorf("a page was written for a broken release (stat: %v)", err)
			}
		})
	}
}

// TestHostileRelease: whatever a release folder holds, the page is made
// or an error returned; it never panics.
func TestHostileRelease(t *testing.T) {
	pkg := `{"name":"x","resources":[]}`
	for name, dataset := range map[string]string{
		"empty tables":    `{}`,
		"nulls":           `{"events":[null,{"id":null,"date":null,"sources":[null]}],"figures":[{"value":null}]}`,
		"bad dates":       `{"events":[{"id":"a","date":"soon"},{"id":"b","date":"../.."},{"id":"c","date":"2016-13"},{"id":"d","date":"-9999/9999"}],"quotes":[{"id":"q","speaker":"nobody","date":"yesterday"}]}`,
		"dangling refs":   `{"events":[{"id":"a","date":"2020","follows":["zz"],"actors":["yy"],"places":["xx"]}],"figures":[{"id":"f","value":1e308,"event":"nope","sources":[{"source":"none"}]}]}`,
		"one day":         `{"events":[{"id":"a","date":"2020-02-29"}]}`,
		"withdrawn only":  `{"events":[{"id":"a","status":"withdrawn","date":"2020"}]}`,
		"wrong types":     `{"events":{"a":1}}`,
		"markup in ids":   `{"events":[{"id":"\"><script>alert(1)</script>","date":"2020","title":"<svg onload=alert(1)>"}]}`,
		"long open spans": `{"events":[{"id":"a","date":"../2020"},{"id":"b","date":"2020/.."},{"id":"c","date":"-0500/2020"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"datapackage.json": {Data: []byte(pkg)},
				"dataset.json":     {Data: []byte(dataset)},
				"CHANGELOG.md":     {Data: []byte("# `\n|a|\n|-\n- `x\n####### deep\n#nospace\n  - indented\n")},
			}
			var b bytes.Buffer
			err := RenderFS(&b, fsys, Options{Schemas: testSchemas(t)})
			if (err != nil) != (name == "wrong types") {
				t.Fatalf("err = %v", err)
			}
			if err == nil && !bytes.HasSuffix(b.Bytes(), []byte("</html>\n")) {
				t.Errorf("page cut short: ...%s", b.Bytes()[max(0, b.Len()-80):])
			}
			if strings.Contains(b.String(), "<script>") || strings.Contains(b.String(), "<svg onload") {
				t.Errorf("markup from the release reached the page")
			}
		})
	}
}

func TestReadDate(t *testing.T) {
	for in, want := range map[string]string{
		"2023-06-20":       "20 June 2023",
		"2023-06-20?":      "20 June 2023 (uncertain)",
		"2023-06":          "June 2023",
		"2023":             "2023",
		"2016~":            "about 2016",
		"2016%":            "about 2016 (uncertain)",
		"2022-22":          "summer 2022",
		"2016-05-21":       "21 May 2016",
		"201X":             "2010s",
		"2013/2016":        "2013 to 2016",
		"2012/..":          "from 2012 on",
		"../2001":          "until 2001",
		"2013/":            "from 2013 to an unknown date",
		"/2016-05":         "from an unknown date to May 2016",
		"2023-06-20?/..":   "from 20 June 2023 (uncertain) on",
		"-0500":            "501 BC",
		"not a date":       "not a date",
		"":                 "",
		"2016-05-20T10:00": "2016-05-20T10:00",
	} {
		if got := readDate(in); got != want {
			t.Errorf("readDate(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGroupDigits(t *testing.T) {
	for in, want := range map[string]string{
		"40": "40", "240": "240", "1500": "1,500", "20000000": "20,000,000", "-123456.75": "-123,456.75",
		"12.5": "12.5", "1e+21": "1e+21", "": "", "-": "-", "12a45": "12a45",
	} {
		if got := groupDigits(in); got != want {
			t.Errorf("groupDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadMarkdown(t *testing.T) {
	known := func(id string) bool { return id == "storm-damage" }
	got := readMarkdown([]byte("# Title `x`\n\nText on\ntwo lines.\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n- item `storm-damage`\n  continued\n- `other`\n"), known)
	if len(got) != 4 {
		t.Fatalf("%d blocks, want heading, paragraph, table, list: %+v", len(got), got)
	}
	if got[0].Heading != 1 || len(got[0].Text) != 2 || !got[0].Text[1].Code {
		t.Errorf("heading: %+v", got[0])
	}
	if len(got[1].Text) != 1 || got[1].Text[0].Text != "Text on two lines." {
		t.Errorf("paragraph: %+v", got[1])
	}
	if tb := got[2].Table; tb == nil || len(tb.Head) != 2 || len(tb.Rows) != 1 || tb.Rows[0][0].Num || !tb.Rows[0][1].Num {
		t.Errorf("table: %+v", got[2].Table)
	}
	items := got[3].Items
	if len(items) != 2 || items[0][1].Ref != "storm-damage" || items[0][len(items[0])-1].Text != "continued" || items[1][0].Ref != "" {
		t.Errorf("list: %+v", items)
	}
}

func FuzzReadMarkdown(f *testing.F) {
	f.Add("# a\n| b | c |\n|---|\n- `d`\n")
	f.Fuzz(func(t *testing.T, s string) {
		readMarkdown([]byte(s), func(string) bool { return true })
	})
}

func FuzzReadDate(f *testing.F) {
	for _, s := range []string{"2016", "2016-22", "2013/..", "2016-05-20?", "-0500~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		readDate(s)
	})
}
