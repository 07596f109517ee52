// Command dossier validates the records of a dossier dataset and compiles
// them into releases. main only wires the process to Main.
package main

import "os"

func main() {
	limitMemory(os.Getenv)
	os.Exit(Main(os.Args, Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv}))
}
