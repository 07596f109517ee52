// Package escape makes text that dossier did not write safe to print on a
// terminal or in a CI log: file names, command-line arguments, record text.
// It imports only the standard library.
//
// Such text may hold what a terminal or a log acts upon rather than shows:
//
//   - control characters: ESC starts terminal sequences (OSC 52 writes the
//     clipboard, CSI moves the cursor), CR and LF start a new line, BEL
//     rings; C1 controls (U+0080-U+009F) are sequences of their own, and
//     NEL (U+0085), like the line and paragraph separators (U+2028,
//     U+2029), ends a line in some viewers;
//   - bidirectional formatting characters (U+202A-U+202E, U+2066-U+2069,
//     U+200E, U+200F, U+061C) and the byte-order mark, which reorder or hide
//     what a reviewer reads (Trojan Source);
//   - GitHub Actions workflow commands: a log line that starts, after any
//     spaces, with "::" (::error file=…::, ::stop-commands::, ::add-mask::),
//     and "##[" anywhere in a line (the runner's legacy form).
//
// Line, Text and JSON show each such character as '?' (JSON as a \u
// escape, which decodes to the same string): what was there stays visible,
// and nothing is acted upon. Tabs are kept. Every command prints names and
// record text through them.
package escape
