// Package hostile builds the cases of the hostile-input corpus
// (validate/testdata/hostile/*.txtar) into temporary datasets: it writes
// the archive's files with their generated parts expanded, then does the
// setup a text archive cannot hold (links, FIFOs, unreadable files, other
// encodings); ArchiveBomb writes a compression bomb shaped as a release
// archive. Tests only; it imports internal/golden and the standard
// library.
package hostile
