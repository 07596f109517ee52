//go:build !linux

package validate

import "os"

// listFolder returns the entries of the folder dir, sorted by name, each
// with its path rel/name (rel is dir as reported) and its type.
func listFolder(dir, rel string) ([]dirEntry, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := make([]dirEntry, len(des))
	for i, d := range des {
		p := rel + "/" + d.Name()
		out[i] = dirEntry{path: p, name: p[len(rel)+1:], typ: d.Type()}
	}
	return out, nil
}
