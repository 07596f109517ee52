//go:build bench

package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"github.com/dossier-data/dossier/schemas"
)

// The comparison with kubeconform, a schema-only validator: the same
// records made into Kubernetes-style resources (apiVersion and kind added;
// a source's own kind field renamed, since kubeconform takes kind for the
// resource's), each kind's schema made into one document kubeconform can
// load from a folder (every $ref inlined, apiVersion and kind allowed).
// kubeconform then checks the files against their schema alone, with as
// many workers as CPUs; dossier also checks the rules across records.

// kubeconformInput writes, under dir, the resources of the records of
// records (a records folder) and their schemas; it returns the folder of
// resources, the schema location template and the number of files.
func kubeconformInput(records, dir string) (string, string, int, error) {
	set, err := schemas.Default()
	if err != nil {
		return "", "", 0, err
	}
	res, sch := filepath.Join(dir, "resources"), filepath.Join(dir, "schemas")
	os.RemoveAll(dir)
	if err := os.MkdirAll(res, 0o755); err != nil {
		return "", "", 0, err
	}
	if err := os.MkdirAll(sch, 0o755); err != nil {
		return "", "", 0, err
	}
	docs := map[string]any{}
	for name, b := range set.Files {
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return "", "", 0, err
		}
		docs[name] = v
	}
	for _, k := range set.Kinds {
		s := inline(docs[k.File], k.File, docs, 0).(map[string]any)
		props := s["properties"].(map[string]any)
		if own, ok := props["kind"]; ok {
			props["source_kind"] = own
			s["required"] = renameKind(s["required"])
		}
		props["apiVersion"] = map[string]any{"type": "string"}
		props["kind"] = map[string]any{"type": "string"}
		b, err := json.Marshal(s)
		if err != nil {
			return "", "", 0, err
		}
		// kubeconform looks kinds up in lowercase
		if err := os.WriteFile(filepath.Join(sch, k.Name+"-v1.json"), b, 0o644); err != nil {
			return "", "", 0, err
		}
	}
	n := 0
	err = filepath.WalkDir(records, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		k := set.KindByTable(filepath.Base(filepath.Dir(p)))
		if k == nil {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if k.Field("kind") != nil {
			b = ownKind.ReplaceAll(b, []byte("source_kind:"))
		}
		out := append([]byte("apiVersion: dossier/v1\nkind: "+resourceKind(k.Name)+"\n"), b...)
		n++
		return os.WriteFile(filepath.Join(res, k.Table+"-"+d.Name()), out, 0o644)
	})
	return res, filepath.Join(sch, "{{ .ResourceKind }}-{{ .ResourceAPIVersion }}.json"), n, err
}

var ownKind = regexp.MustCompile(`(?m)^kind:`)

func resourceKind(kind string) string { return strings.ToUpper(kind[:1]) + kind[1:] }

func renameKind(req any) any {
	l, _ := req.([]any)
	out := make([]any, len(l))
	for i, r := range l {
		if r == "kind" {
			r = "source_kind"
		}
		out[i] = r
	}
	return out
}

// inline returns v with every $ref replaced by what it names (in file of
// docs), and without $id, $schema and $defs: one document, nothing to
// fetch.
func inline(v any, file string, docs map[string]any, depth int) any {
	if depth > 50 {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			f, frag, _ := strings.Cut(ref, "#")
			if f == "" {
				f = file
			}
			t := docs[f]
			for _, tok := range strings.Split(strings.Trim(frag, "/"), "/") {
				if tok != "" {
					t = t.(map[string]any)[tok]
				}
			}
			out := inline(t, f, docs, depth+1)
			rest := map[string]any{}
			for k, val := range x {
				if k != "$ref" {
					rest[k] = val
				}
			}
			if len(rest) == 0 {
				return out
			}
			return map[string]any{"allOf": []any{out, inline(rest, file, docs, depth+1)}}
		}
		out := map[string]any{}
		for k, val := range x {
			switch k {
			case "$id", "$schema", "$defs":
			default:
				out[k] = inline(val, file, docs, depth+1)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = inline(val, file, docs, depth+1)
		}
		return out
	}
	return v
}

// kubeconformArgs are the arguments of a kubeconform run over the
// resources: strict, every CPU, a summary.
func kubeconformArgs(res, location string) []string {
	return []string{"-strict", "-summary", "-n", fmt.Sprint(runtime.NumCPU()), "-schema-location", location, res}
}
