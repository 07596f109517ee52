package changes

import (
	"encoding/json"
	"testing"
)

// TestLineID: the ID read from the start of a line is the one decoding the
// line gives, and lines it cannot read so are left to decoding.
func TestLineID(t *testing.T) {
	for _, c := range []struct {
		line string
		ok   bool
	}{
		{`{"id":"raid-e1","status":"active"}`, true},
		{`{"id":"x"}`, true},
		{`{"id":"ça-va","n":1}`, true},
		{`{"id":"","status":"active"}`, false},
		{`{"id":"a\"b","n":1}`, false},
		{`{"id":"a\u0041","n":1}`, false},
		{"{\"id\":\"a\xffb\",\"n\":1}", false},
		{`{"status":"active","id":"x"}`, false},
		{`{ "id":"x"}`, false},
		{`{"id":"x"`, false},
		{`{"id":"x" ,"n":1}`, false},
	} {
		id, ok := lineID([]byte(c.line))
		if ok != c.ok {
			t.Errorf("lineID(%s) = %q, %v; want ok %v", c.line, id, ok, c.ok)
			continue
		}
		if !ok {
			continue
		}
		var v struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal([]byte(c.line), &v); err != nil || v.ID != id {
			t.Errorf("lineID(%s) = %q, decoding gives %q (%v)", c.line, id, v.ID, err)
		}
	}
}
