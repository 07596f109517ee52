package config

import (
	"net/url"
	"strings"
)

// DefaultName is the dataset name when dossier.yaml gives none.
const DefaultName = "dossier"

// Dataset describes the dataset as a whole in its releases: the dataset:
// section of dossier.yaml. Every field is optional.
type Dataset struct {
	Name         string        `yaml:"name"`        // lowercase, digits, '-', '_', '.'; names the release folder; default "dossier"
	Title        string        `yaml:"title"`       // human title; default the name
	Description  string        `yaml:"description"` // what the dataset is, Markdown
	Homepage     string        `yaml:"homepage"`    // http(s) URL
	Keywords     []string      `yaml:"keywords"`
	Licenses     []License     `yaml:"licenses"`
	Sources      []Source      `yaml:"sources"` // where the data comes from, besides the source records
	Contributors []Contributor `yaml:"contributors"`
	Citation     string        `yaml:"citation"` // how to cite; default built from title, version and homepage
}

// datasetKeys are the keys of the dataset: section.
var datasetKeys = []string{"name", "title", "description", "homepage", "keywords", "licenses", "sources", "contributors", "citation"}

// License is a licence of the dataset (a Data Package licenses entry).
type License struct {
	Name  string `yaml:"name" json:"name,omitempty"` // an SPDX or Open Definition identifier: CC-BY-4.0
	Path  string `yaml:"path" json:"path,omitempty"` // URL of the licence text
	Title string `yaml:"title" json:"title,omitempty"`
}

// Source is a raw source of the dataset (a Data Package sources entry).
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

func (d Dataset) withDefaults() Dataset {
	if d.Name == "" {
		d.Name = DefaultName
	}
	if d.Title == "" {
		d.Title = d.Name
	}
	return d
}

// link is a URL of the dataset section, by its key.
type link struct {
	key string
	url *string
}

// links returns every URL the section holds.
func (d *Dataset) links() []link {
	out := []link{{"homepage", &d.Homepage}}
	for i := range d.Licenses {
		out = append(out, link{"licenses", &d.Licenses[i].Path})
	}
	for i := range d.Sources {
		out = append(out, link{"sources", &d.Sources[i].Path})
	}
	return out
}

// webURL reports whether s is an absolute http or https URL with a host:
// the only links a release page or README may carry.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\r\n")
}

func orDefault(s string) string {
	if s == "" {
		return DefaultName
	}
	return s
}
