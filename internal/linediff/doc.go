// Package linediff writes the unified diff of two texts, line by line, as
// diff -u and git diff do, for dossier fmt --diff. It finds a shortest edit
// script with Myers' O(ND) algorithm, bounded so that texts sharing nothing
// still take little time and memory. It imports the standard library only.
package linediff
