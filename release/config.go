package release

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"syscall"

	"go.yaml.in/yaml/v3"
)

// ConfigFile is the dataset configuration at the dataset root, beside
// records/. Build reads its dataset: section only; other top-level sections
// (rules: for severities, …) belong to other steps and are ignored here.
const ConfigFile = "dossier.yaml"

// DefaultName is the dataset name when dossier.yaml gives none.
const DefaultName = "dossier"

// Config describes the dataset as a whole: the dataset: section of
// dossier.yaml. Every field is optional.
type Config struct {
	Name         string        `yaml:"name"`        // lowercase, digits, '-', '_', '.'; names the release folder; default "dossier"
	Title        string        `yaml:"title"`       // human title; default the name
	Description  string        `yaml:"description"` // what the dataset is, Markdown
	Homepage     string        `yaml:"homepage"`    // URL
	Keywords     []string      `yaml:"keywords"`
	Licenses     []License     `yaml:"licenses"`
	Sources      []Source      `yaml:"sources"` // where the data comes from, besides the source records
	Contributors []Contributor `yaml:"contributors"`
	Citation     string        `yaml:"citation"` // how to cite; default built from title, version and homepage
}

// License is a licence of the dataset (Data Package licenses entry).
type License struct {
	Name  string `yaml:"name" json:"name,omitempty"` // an SPDX or Open Definition identifier: CC-BY-4.0
	Path  string `yaml:"path" json:"path,omitempty"` // URL of the licence text
	Title string `yaml:"title" json:"title,omitempty"`
}

// Source is a raw source of the dataset (Data Package sources entry).
type Source struct {
	Title string `yaml:"title" json:"title,omitempty"`
	Path  string `yaml:"path" json:"path,omitempty"`
}

// Contributor is a person or organization credited for the dataset.
type Contributor struct {
	Title string   `yaml:"title" json:"title,omitempty"`
	Email string   `yaml:"email" json:"email,omitempty"`
	Roles []string `yaml:"roles" json:"roles,omitempty"`
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// ReadConfig reads the dataset: section of the dossier.yaml at path. A
// missing file gives the defaults; a malformed one an error naming the
// file and line.
func ReadConfig(path string) (Config, error) {
	var c Config
	src, err := readConfigFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c.withDefaults(), nil
	}
	if err != nil {
		return c, err
	}
	c, err = ParseConfig(path, src)
	if err != nil {
		return c, err
	}
	return c.withDefaults(), nil
}

// maxConfigSize bounds dossier.yaml, which holds a few settings.
const maxConfigSize = 64 << 10

// readConfigFile reads a regular file of at most maxConfigSize bytes. The
// open does not block, so a FIFO named dossier.yaml cannot hang a build.
func readConfigFile(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil {
		return nil, err
	} else if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	src, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err == nil && len(src) > maxConfigSize {
		err = fmt.Errorf("%s is over the limit of %d bytes", path, maxConfigSize)
	}
	return src, err
}

// ParseConfig reads the dataset: section of a dossier.yaml document; other
// top-level keys are ignored. Defaults are not applied.
func ParseConfig(file string, src []byte) (Config, error) {
	var doc struct {
		Dataset yaml.Node `yaml:"dataset"`
	}
	var c Config
	if len(bytes.TrimSpace(src)) == 0 {
		return c, nil
	}
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return c, fmt.Errorf("%s: %v", file, err)
	}
	if doc.Dataset.Kind == 0 {
		return c, nil
	}
	if doc.Dataset.Kind != yaml.MappingNode {
		return c, fmt.Errorf("%s:%d:%d: dataset: must be a mapping", file, doc.Dataset.Line, doc.Dataset.Column)
	}
	known := map[string]bool{"name": true, "title": true, "description": true, "homepage": true, "keywords": true,
		"licenses": true, "sources": true, "contributors": true, "citation": true}
	for i := 0; i+1 < len(doc.Dataset.Content); i += 2 {
		k := doc.Dataset.Content[i]
		if !known[k.Value] {
			return c, fmt.Errorf("%s:%d:%d: dataset: unknown key %q (known: name, title, description, homepage, keywords, licenses, sources, contributors, citation)", file, k.Line, k.Column, k.Value)
		}
	}
	if err := doc.Dataset.Decode(&c); err != nil {
		return c, fmt.Errorf("%s: dataset: %v", file, err)
	}
	if c.Name != "" && !nameRE.MatchString(c.Name) {
		return c, fmt.Errorf("%s: dataset: name %q must be lowercase letters, digits, '.', '_' or '-'", file, c.Name)
	}
	return c, nil
}

func (c Config) withDefaults() Config {
	if c.Name == "" {
		c.Name = DefaultName
	}
	if c.Title == "" {
		c.Title = c.Name
	}
	return c
}
