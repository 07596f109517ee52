package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// The exit code of `dossier lsp` tells the editor whether to restart it:
// 0 after shutdown and exit, or at the end of the input; 1 after exit
// without shutdown, as the protocol asks; ExitFailure when the input's
// framing broke. A body that is not a request is answered, not fatal.
func TestLSPExitCodes(t *testing.T) {
	frame := func(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }
	shutdown := frame(`{"jsonrpc":"2.0","id":1,"method":"shutdown"}`)
	exit := frame(`{"jsonrpc":"2.0","method":"exit"}`)
	for _, c := range []struct {
		name, in string
		code     int
		out, err string
	}{
		{"shutdown and exit", shutdown + exit, 0, `"id":1,"result":null`, ""},
		{"exit alone", exit, 1, "", "without shutting down"},
		{"end of input", "", 0, "", ""},
		{"a body that is not JSON", frame("{oops") + shutdown + exit, 0, `"code":-32700`, ""},
		{"a line that is not a header", "hello world\r\n\r\n" + shutdown + exit, ExitFailure, "", "broken message framing"},
		{"no Content-Length", "Content-Type: x\r\n\r\n{}", ExitFailure, "", "without Content-Length"},
	} {
		var out, errOut bytes.Buffer
		code := Main([]string{"dossier", "lsp"}, Streams{In: strings.NewReader(c.in), Out: &out, Err: &errOut})
		if code != c.code || !strings.Contains(out.String(), c.out) || !strings.Contains(errOut.String(), c.err) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q",
				c.name, code, out.String(), errOut.String(), c.code, c.out, c.err)
		}
	}
}
