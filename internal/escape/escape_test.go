package escape

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestLine(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"records/events/a.yaml", "records/events/a.yaml"},
		{"tab\there", "tab\there"},
		{"a\n::error file=README.md::pwned.yaml", "a?::error file=README.md::pwned.yaml"},
		{"::stop-commands::tok", "?:stop-commands::tok"},
		{"  \u00a0::warning::x", "  \u00a0?:warning::x"},
		{"x ::error::mid-line is not a command", "x ::error::mid-line is not a command"},
		{"a ##[error]b ##[warning]c", "a ##?error]b ##?warning]c"},
		{"clip\x1b]52;c;ZXZpbA==\x07.yaml", "clip?]52;c;ZXZpbA==?.yaml"},
		{"cr\rlf\n", "cr?lf?"},
		{"del\x7f c1\u0085\u009b", "del? c1??"},
		{"ls\u2028ps\u2029.yaml", "ls?ps?.yaml"},
		{"bidi\u202eevil\u202c \u2066x\u2069 \u200e\u200f\u061c\ufeff", "bidi?evil? ?x? ????"},
		{"invalid \xff utf-8", "invalid \ufffd utf-8"},
		{"a real \ufffd stays", "a real \ufffd stays"},
		{"émigré — café", "émigré — café"},
	} {
		if got := Line(c.in); got != c.want {
			t.Errorf("Line(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := Safe(c.in); got != (c.in == c.want) {
			t.Errorf("Safe(%q) = %v", c.in, got)
		}
	}
}

func TestText(t *testing.T) {
	in := "title: a\n  ::error file=x::y\nb\x1b[2J\n"
	want := "title: a\n  ?:error file=x::y\nb?[2J\n"
	if got := Text(in); got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
	if s := "plain\ntext\n"; Text(s) != s {
		t.Errorf("Text changed %q", s)
	}
}

func TestJSON(t *testing.T) {
	for _, s := range []string{"plain", "##[error]x", "bidi\u202eevil", "c1\u0085", "\ufeffbom", "a\u2066b", "ls\u2028ps\u2029", "del\x7f", "#[", "#", "é"} {
		enc, err := json.Marshal(map[string]string{"s": s})
		if err != nil {
			t.Fatal(err)
		}
		got := JSON(enc)
		if strings.Contains(string(got), "##[") || strings.ContainsAny(string(got), "\u202e\u0085\ufeff\u2066\u2028\u2029\x7f") {
			t.Errorf("JSON(%s) = %s: raw", enc, got)
		}
		var back map[string]string
		if err := json.Unmarshal(got, &back); err != nil || back["s"] != s {
			t.Errorf("JSON(%s) = %s decodes to %q (%v)", enc, got, back["s"], err)
		}
	}
}

// TestLineAllocs: text that needs no escape is returned as is.
func TestLineAllocs(t *testing.T) {
	s := strings.Repeat("records/events/camp-ashraf-3-raid.yaml ", 4)
	if n := testing.AllocsPerRun(100, func() { Line(s) }); n != 0 {
		t.Errorf("Line allocates %v times on safe text", n)
	}
}
