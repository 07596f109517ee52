package release

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestAppendString: the fast path and the encoder give what encoding/json
// gives without HTML escaping, for every kind of text.
func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain text", `quote " and \ backslash`, "tab\tnew\nline", "<b>&</b>",
		"ça va — “curly”", "\u2028\u2029", "\x00\x1f", "\xff invalid", "emoji 😀"} {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		want := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	}
}
