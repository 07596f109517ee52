package lsp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/dossier-data/dossier/internal/escape"

	"github.com/sourcegraph/jsonrpc2"
)

// The base protocol: messages framed by header lines (Content-Length, and
// Content-Type, which is ignored), then a body of Content-Length bytes.
// jsonrpc2's own codec ends the connection on any body it cannot decode;
// this stream reads every body whole first, so that a body that is not a
// JSON-RPC message is answered with an error, as JSON-RPC 2.0 asks (parse
// error, or invalid request; id null when it cannot be read), and the
// next message is read as usual. Only framing that cannot be read past (a
// header that is not one, no or a garbled Content-Length, the input ending
// inside a message) ends the connection: Serve then returns why.

// maxMessage bounds a message's body; a longer one is skipped, unread,
// and answered with an error. Far above what an editor sends: a record
// file is at most max-file-size (1 MiB unless raised).
const maxMessage = 1 << 30

// maxHeaderLine bounds a header line (the reader's buffer).
const maxHeaderLine = 4096

// errFraming is the error of broken framing.
var errFraming = errors.New("broken message framing")

type stream struct {
	r    *bufio.Reader
	w    io.Writer
	c    io.Closer
	wmu  sync.Mutex // one message written at a time
	logf func(format string, args ...any)

	mu     sync.Mutex
	broken error // why the input cannot be read on; nil at a clean end
}

func newStream(rwc io.ReadWriteCloser, logf func(format string, args ...any)) *stream {
	return &stream{r: bufio.NewReaderSize(rwc, maxHeaderLine), w: rwc, c: rwc, logf: logf}
}

// WriteObject implements jsonrpc2.ObjectStream.
func (st *stream) WriteObject(obj any) error {
	body, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	st.wmu.Lock()
	defer st.wmu.Unlock()
	_, err = fmt.Fprintf(st.w, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return err
}

// Close implements jsonrpc2.ObjectStream.
func (st *stream) Close() error { return st.c.Close() }

// ReadObject implements jsonrpc2.ObjectStream: it returns the next message
// that decodes, answering those that do not.
func (st *stream) ReadObject(v any) error {
	for {
		body, err := st.frame()
		switch {
		case errors.Is(err, errTooLarge):
			st.answer(nil, jsonrpc2.CodeInvalidRequest, err.Error())
			continue
		case err == io.EOF:
			return err
		case err != nil:
			// Serve returns why; jsonrpc2 would log it on its own
			// goroutine, after Serve's caller has taken over the log
			st.mu.Lock()
			st.broken = err
			st.mu.Unlock()
			return io.ErrUnexpectedEOF
		}
		// a failed decoding may leave part of a message in v: start afresh
		reflect.ValueOf(v).Elem().SetZero()
		err = json.Unmarshal(body, v)
		if err == nil {
			return nil
		}
		if !json.Valid(body) {
			st.answer(nil, jsonrpc2.CodeParseError, "parse error: the message is not JSON")
			continue
		}
		var probe struct {
			ID, Method, Result, Error json.RawMessage
		}
		if json.Unmarshal(body, &probe) == nil && probe.Method == nil && (probe.Result != nil || probe.Error != nil) {
			st.logf("ignoring a malformed response: %s", escape.Line(err.Error()))
			continue // a response is never answered
		}
		st.answer(probe.ID, jsonrpc2.CodeInvalidRequest, "invalid request: "+err.Error())
	}
}

// answer sends an error response to a message the server cannot read,
// with the message's id when it is a number or a string, else null.
func (st *stream) answer(id json.RawMessage, code int64, msg string) {
	id = bytes.TrimSpace(id)
	if len(id) == 0 || id[0] != '"' && id[0] != '-' && (id[0] < '0' || id[0] > '9') {
		id = json.RawMessage("null")
	}
	st.logf("answering a message it cannot read: %s", escape.Line(msg))
	err := st.WriteObject(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   jsonrpc2.Error  `json:"error"`
	}{"2.0", id, jsonrpc2.Error{Code: code, Message: msg}})
	if err != nil {
		st.logf("answering: %v", err)
	}
}

// errTooLarge is the error of a body over maxMessage (which is skipped).
var errTooLarge = errors.New("the message is over the limit of 1 GiB")

// frame reads the headers and the body of the next message. It returns
// io.EOF when the input ends between two messages.
func (st *stream) frame() ([]byte, error) {
	length := int64(-1)
	headers := 0
	for {
		line, err := st.r.ReadSlice('\n')
		switch {
		case err == io.EOF && len(line) == 0 && headers == 0:
			return nil, io.EOF
		case err == io.EOF:
			return nil, fmt.Errorf("%w: the input ended inside a message's headers", errFraming)
		case errors.Is(err, bufio.ErrBufferFull):
			return nil, fmt.Errorf("%w: a header line of more than %d bytes", errFraming, maxHeaderLine)
		case err != nil:
			return nil, err
		}
		h := strings.TrimSuffix(strings.TrimSuffix(string(line), "\n"), "\r")
		if h == "" {
			if headers == 0 {
				continue // a blank line between messages
			}
			break
		}
		headers++
		name, value, ok := strings.Cut(h, ":")
		if !ok {
			return nil, fmt.Errorf("%w: %s is not a header", errFraming, quoteShort(h))
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%w: Content-Length %s is not a length", errFraming, quoteShort(value))
			}
			length = n
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("%w: a message without Content-Length", errFraming)
	}
	if length > maxMessage {
		if _, err := io.CopyN(io.Discard, st.r, length); err != nil {
			return nil, fmt.Errorf("%w: the input ended inside a message", errFraming)
		}
		return nil, errTooLarge
	}
	var body bytes.Buffer // grows as the body comes, not to what the header claims
	if _, err := io.CopyN(&body, st.r, length); err != nil {
		return nil, fmt.Errorf("%w: the input ended inside a message of %d bytes", errFraming, length)
	}
	return body.Bytes(), nil
}

// err returns why the input could not be read on, nil when it ended
// cleanly (or has not ended).
func (st *stream) err() error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.broken
}

// quoteShort quotes a piece of input for a message, cut to 40 bytes.
func quoteShort(s string) string {
	if len(s) > 40 {
		return strconv.Quote(s[:40]) + "…"
	}
	return strconv.Quote(s)
}
