package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rawServer runs a server on a pipe that the test writes bytes to and
// reads framed messages from.
type rawServer struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
	done chan error
}

func startRaw(t *testing.T) *rawServer {
	serverSide, clientSide := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	rs := &rawServer{t: t, conn: clientSide, r: bufio.NewReader(clientSide), done: make(chan error, 1)}
	go func() { rs.done <- Serve(ctx, serverSide, Options{Version: "test", Log: testLog{t}}) }()
	t.Cleanup(func() {
		cancel()
		clientSide.Close()
	})
	return rs
}

func (rs *rawServer) write(b string) {
	rs.t.Helper()
	rs.conn.SetWriteDeadline(time.Now().Add(time.Minute))
	if _, err := io.WriteString(rs.conn, b); err != nil {
		rs.t.Fatalf("writing %q: %v", b, err)
	}
}

func frameOf(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }

// reply reads the next message the server sends.
func (rs *rawServer) reply() (out struct {
	ID    json.RawMessage
	Error *struct{ Code int64 }
}) {
	rs.t.Helper()
	rs.conn.SetReadDeadline(time.Now().Add(time.Minute))
	length := -1
	for {
		line, err := rs.r.ReadString('\n')
		if err != nil {
			rs.t.Fatalf("reading a reply: %v", err)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			length, _ = strconv.Atoi(v)
		}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(rs.r, body); err != nil {
		rs.t.Fatal(err)
	}
	if err := json.Unmarshal(body, &out); err != nil {
		rs.t.Fatalf("%s: %v", body, err)
	}
	return out
}

// ended waits for Serve to return.
func (rs *rawServer) ended() error {
	rs.t.Helper()
	select {
	case err := <-rs.done:
		return err
	case <-time.After(time.Minute):
		rs.t.Fatal("the server did not stop")
	}
	return nil
}

// A well-framed body that is not a JSON-RPC request gets an error
// response, as JSON-RPC 2.0 asks, and the server reads on: the request
// after it is answered.
func TestMalformedMessages(t *testing.T) {
	rs := startRaw(t)
	for i, c := range []struct {
		body string
		code int64
		id   string
	}{
		{"{oops", -32700, "null"},
		{"", -32700, "null"},
		{"[]", -32600, "null"},
		{`"hello"`, -32600, "null"},
		{`{"jsonrpc":"2.0","id":{},"method":"x"}`, -32600, "null"},
		{`{"jsonrpc":"2.0","id":7}`, -32600, "7"},
		{`{"jsonrpc":"2.0","id":"a","method":"x","result":1}`, -32600, `"a"`},
	} {
		rs.write(frameOf(c.body))
		r := rs.reply()
		if r.Error == nil || r.Error.Code != c.code || string(r.ID) != c.id {
			t.Errorf("%q: id %s error %+v, want id %s code %d", c.body, r.ID, r.Error, c.id, c.code)
		}
		rs.write(frameOf(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"no/such/method"}`, 100+i)))
		if r := rs.reply(); string(r.ID) != strconv.Itoa(100+i) || r.Error == nil || r.Error.Code != -32601 {
			t.Fatalf("after %q: id %s error %+v, want the next request answered", c.body, r.ID, r.Error)
		}
	}
	rs.conn.Close()
	if err := rs.ended(); err != nil {
		t.Errorf("the input ended between two messages: %v, want a clean end", err)
	}
}

// Framing that cannot be read past ends the server with an error, so that
// the editor restarts it.
func TestBrokenFraming(t *testing.T) {
	for _, b := range []string{
		"hello world\r\n\r\n",
		"Content-Type: x\r\n\r\n{}",
		"Content-Length: abc\r\n\r\n",
		"Content-Length: 10\r\n\r\n{}",
	} {
		rs := startRaw(t)
		go func() {
			io.WriteString(rs.conn, b)
			if !strings.HasPrefix(b, "Content-Length: 10") {
				return
			}
			rs.conn.Close() // the input ends inside the message
		}()
		if err := rs.ended(); !errors.Is(err, errFraming) {
			t.Errorf("%q: Serve returned %v, want broken framing", b, err)
		}
	}
}
