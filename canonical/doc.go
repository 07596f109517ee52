// Package canonical gives a record file its one canonical YAML form, the
// form dossier fmt writes: keys in schema order (unknown keys after, in the
// order written), block style with two-space indentation and lists indented
// under their key, quotes only where a reader could take the text for
// something else, comments kept, LF line ends and a final newline.
//
// Formatting never changes what a record says: the formatted file is read
// back under validate's strict profile and must give the identical JSON
// value, and hold every comment of the input as many times, or Format
// fails. A comment stays on its line: one at the end of a flow list or
// mapping moves to its key's line when the list becomes a block, and a
// silence there or alone on the line above keeps the list in flow style,
// so that it covers the same findings. Every silence must cover the same
// keys and values, by JSON pointer, before and after, or Format fails with
// ErrSilence and the file is left as written. A file that does not parse
// is never formatted.
//
// canonical imports schemas and validate (to read records exactly as the
// loader does), never the release compiler or the command line.
package canonical
