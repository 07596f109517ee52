package headless

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// serverFrame writes one unmasked frame as a server does.
func serverFrame(w io.Writer, fin bool, opcode byte, payload []byte) {
	b := opcode
	if fin {
		b |= 0x80
	}
	hdr := []byte{b}
	switch n := len(payload); {
	case n < 126:
		hdr = append(hdr, byte(n))
	case n <= 0xFFFF:
		hdr = append(hdr, 126)
		hdr = binary.BigEndian.AppendUint16(hdr, uint16(n))
	default:
		hdr = append(hdr, 127)
		hdr = binary.BigEndian.AppendUint64(hdr, uint64(n))
	}
	w.Write(append(hdr, payload...))
}

// readClientFrame reads one frame from the client and unmasks it; it
// fails the test when the frame is not masked.
func readClientFrame(t *testing.T, r *bufio.Reader) (byte, []byte) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		t.Error(err)
		return 0, nil
	}
	if h[1]&0x80 == 0 {
		t.Error("client frame not masked")
	}
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		var b [2]byte
		io.ReadFull(r, b[:])
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		io.ReadFull(r, b[:])
		n = binary.BigEndian.Uint64(b[:])
	}
	var mask [4]byte
	io.ReadFull(r, mask[:])
	p := make([]byte, n)
	io.ReadFull(r, p)
	for i := range p {
		p[i] ^= mask[i%4]
	}
	return h[0] & 0x0F, p
}

// TestWebSocket runs the client against a loopback server that checks
// the handshake and masking, and sends a fragmented message around a
// ping, a message with a 64-bit length, and a close.
func TestWebSocket(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	big := bytes.Repeat([]byte("x"), 70000)
	medium := bytes.Repeat([]byte("y"), 300)
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := ln.Accept()
		if err != nil {
			t.Error(err)
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(10 * time.Second))
		r := bufio.NewReader(c)
		req, err := http.ReadRequest(r)
		if err != nil {
			t.Error(err)
			return
		}
		if req.URL.Path != "/devtools/browser/x" || req.Header.Get("Upgrade") != "websocket" || req.Header.Get("Sec-WebSocket-Version") != "13" {
			t.Errorf("handshake request: %s %v", req.URL, req.Header)
		}
		sum := sha1.Sum([]byte(req.Header.Get("Sec-WebSocket-Key") + wsGUID))
		io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "+base64.StdEncoding.EncodeToString(sum[:])+"\r\n\r\n")
		for _, want := range [][]byte{[]byte("hello"), medium, big} {
			op, got := readClientFrame(t, r)
			if op != 1 || !bytes.Equal(got, want) {
				t.Errorf("client sent opcode %d, %d bytes; want a text frame of %d", op, len(got), len(want))
			}
		}
		serverFrame(c, false, 0x1, []byte("frag"))
		serverFrame(c, true, 0x9, []byte("are you there"))
		serverFrame(c, true, 0x0, []byte("mented"))
		if op, got := readClientFrame(t, r); op != 0xA || string(got) != "are you there" {
			t.Errorf("answer to the ping: opcode %d %q", op, got)
		}
		serverFrame(c, true, 0x1, big)
		serverFrame(c, true, 0x8, nil)
		readClientFrame(t, r) // the client's close
	}()
	ws, err := dialWebSocket("ws://"+ln.Addr().String()+"/devtools/browser/x", 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	for _, m := range [][]byte{[]byte("hello"), medium, big} {
		if err := ws.WriteText(m); err != nil {
			t.Fatal(err)
		}
	}
	if m, err := ws.ReadMessage(); err != nil || string(m) != "fragmented" {
		t.Errorf("first message %q, %v; want the joined fragments", m, err)
	}
	if m, err := ws.ReadMessage(); err != nil || !bytes.Equal(m, big) {
		t.Errorf("second message: %d bytes, %v; want %d", len(m), err, len(big))
	}
	if _, err := ws.ReadMessage(); err != errClosed {
		t.Errorf("after close: %v", err)
	}
	<-done
}

// TestWebSocketOnlyLoopback: the client dials nothing but this machine.
func TestWebSocketOnlyLoopback(t *testing.T) {
	for _, u := range []string{"ws://192.0.2.1:9222/x", "ws://example.invalid:9222/x", "wss://127.0.0.1:9222/x"} {
		if _, err := dialWebSocket(u, time.Second); err == nil {
			t.Errorf("%s: dialed", u)
		}
	}
}
