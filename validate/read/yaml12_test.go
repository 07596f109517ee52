package read

import (
	"encoding/json"
	"testing"

	"github.com/dossier-data/dossier/config"
	"github.com/dossier-data/dossier/validate/read/fast"
)

// TestCoreNumbers: a plain scalar is a number exactly when the YAML 1.2
// core schema reads it as one; the forms the YAML library also takes for
// numbers, as YAML 1.1 did, are text. The fast reader, when it reads the
// file at all, gives the same value.
func TestCoreNumbers(t *testing.T) {
	cases := map[string]string{
		"15": `15`, "+15": `15`, "-15": `-15`, "007": `7`, "0x1F": `31`, "0o17": `15`, "1.5": `1.5`,
		".5": `0.5`, "-.5": `-0.5`, "1e3": `1000`, "1.5E-3": `0.0015`, "5.": `5`,
		"1_000": `"1_000"`, "+1_000": `"+1_000"`, "1_0.5": `"1_0.5"`, "1e1_0": `"1e1_0"`, "0x_1F": `"0x_1F"`,
		"-0x1F": `"-0x1F"`, "+0x1F": `"+0x1F"`, "0X1F": `"0X1F"`, "0O17": `"0O17"`, "-0o17": `"-0o17"`,
		"0b1010": `"0b1010"`, "1__0": `"1__0"`, "1_": `"1_"`, "+.nan": `"+.nan"`,
	}
	for in, want := range cases {
		src := []byte("v: " + in + "\n" + in + ": k\n")
		r := ParseFull("f.yaml", src, nil, config.Limits{})
		got, err := json.Marshal(r.Value.Any())
		if err != nil {
			t.Fatal(err)
		}
		wantJSON := `{"` + unquote(want) + `":"k","v":` + want + `}`
		if want[0] != '"' {
			// a number key is a finding; only the value is compared
			got, _ = json.Marshal(r.Value.Get("v").Any())
			wantJSON = want
		} else if len(r.Findings) > 0 {
			t.Errorf("%s: %v", in, r.Findings)
		}
		if string(got) != wantJSON {
			t.Errorf("%s: read as %s, want %s", in, got, wantJSON)
		}
		if v, ok := fast.Value(src, nil, config.Limits{}); ok && v.Encoded() != r.Value.Encoded() {
			t.Errorf("%s: the fast reader reads %s", in, v)
		}
	}
}

func unquote(s string) string {
	var u string
	if json.Unmarshal([]byte(s), &u) != nil {
		return s
	}
	return u
}
