// Package schemas is the record contract: it embeds the JSON Schemas of the
// six record kinds and derives from them the field model that validation,
// the release compiler and the generated docs share.
//
// The *.schema.json files beside this file are the single source of truth for
// fields, their order, types, references between records ("x-ref") and their
// descriptions. This package imports only the standard library.
package schemas
