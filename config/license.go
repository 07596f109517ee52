package config

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/dossier-data/dossier/validate/diag"
)

//go:embed licenses.txt
var licenseList string

// licenses maps each identifier of licenses.txt, lowercased, to its
// spelling there, and lists them in order for suggestions.
var licenses = sync.OnceValues(func() (map[string]string, []string) {
	byLower := map[string]string{}
	var ids []string
	for line := range strings.Lines(licenseList) {
		id := strings.TrimSpace(line)
		if id == "" || strings.HasPrefix(id, "#") {
			continue
		}
		byLower[strings.ToLower(id)] = id
		ids = append(ids, id)
	}
	return byLower, ids
})

// licenseRef is SPDX's form for a licence that no list holds.
var licenseRef = regexp.MustCompile(`^(?i:LicenseRef-)[A-Za-z0-9.-]+$`)

// LicenseHint says what a dataset's licence may be.
const LicenseHint = "write an identifier of the SPDX License List, https://spdx.org/licenses/, such as CC-BY-4.0 or ODbL-1.0, " +
	"one of the Open Definition, or LicenseRef-<name> for a licence neither lists"

// LicenseID returns the licence identifier s as the SPDX License List or
// the Open Definition spells it (they are compared regardless of case),
// or s itself when it is a LicenseRef-<name>. Any other s is an error
// that names it and suggests the closest identifier. This is the one
// check of a licence, for dossier.yaml and for dossier init.
func LicenseID(s string) (string, error) {
	byLower, ids := licenses()
	if id, ok := byLower[strings.ToLower(s)]; ok {
		return id, nil
	}
	if licenseRef.MatchString(s) {
		return s, nil
	}
	return "", fmt.Errorf("licence %q is not an SPDX or Open Definition identifier%s", s, diag.Suggestion(s, ids))
}
