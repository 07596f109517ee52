package headless

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Flags are the command-line flags every browser starts with: headless, no
// sandbox (tests run as root in CI), no GPU, /tmp instead of a small
// /dev/shm, none of the services that would reach the network on their
// own, and every host name left unresolved, so that nothing the browser
// does can reach past this machine.
var Flags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
	"--disable-dev-shm-usage",
	"--disable-background-networking", "--disable-component-update",
	"--disable-sync", "--disable-quic", "--disable-default-apps",
	"--disable-extensions", "--disable-domain-reliability", "--no-pings",
	"--disable-client-side-phishing-detection", "--metrics-recording-only",
	"--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
	"--host-resolver-rules=MAP * ~NOTFOUND",
	"--mute-audio", "--hide-scrollbars",
	"--remote-debugging-port=0",
}

// Names are the executables Find looks for, in order.
var Names = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Find returns the path of a Chromium executable in PATH.
func Find() (string, error) {
	for _, n := range Names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium in PATH (looked for %s)", strings.Join(Names, ", "))
}

// Browser is a running Chromium and the DevTools connection to it.
type Browser struct {
	cmd    *exec.Cmd
	conn   *wsConn
	done   chan struct{} // closed when the read loop ends
	exited chan struct{} // closed when the process has exited

	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan response
	pages   map[string]*Page // by session ID
	readErr error
	stderr  *tail
}

type response struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

type message struct {
	ID        int64           `json:"id"`
	SessionID string          `json:"sessionId"`
	Method    string          `json:"method"`
	Params    json.RawMessage `json:"params"`
	response
}

// Start runs the browser at path with a fresh profile in userDataDir
// (which must be empty or absent) and connects to it. Extra flags follow
// Flags. Close ends it.
func Start(ctx context.Context, path, userDataDir string, extra ...string) (*Browser, error) {
	if err := os.MkdirAll(userDataDir, 0o755); err != nil {
		return nil, err
	}
	args := append(append(append([]string(nil), Flags...), "--user-data-dir="+userDataDir), extra...)
	args = append(args, "about:blank")
	cmd := exec.Command(path, args...)
	st := &tail{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = st, st
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	b := &Browser{cmd: cmd, done: make(chan struct{}), exited: exited, pending: map[int64]chan response{}, pages: map[string]*Page{}, stderr: st}
	go func() { cmd.Wait(); close(exited) }()
	ws, err := waitForEndpoint(ctx, userDataDir, exited)
	if err != nil {
		b.kill(exited)
		return nil, fmt.Errorf("%w; browser output:\n%s", err, st.String())
	}
	conn, err := dialWebSocket(ws, 10*time.Second)
	if err != nil {
		b.kill(exited)
		return nil, err
	}
	b.conn = conn
	go b.readLoop()
	go func() { <-exited; conn.Close() }()
	return b, nil
}

// waitForEndpoint reads the DevToolsActivePort file the browser writes
// into its profile once it listens: the port, then the browser's path.
func waitForEndpoint(ctx context.Context, dir string, exited <-chan struct{}) (string, error) {
	file := filepath.Join(dir, "DevToolsActivePort")
	for {
		if b, err := os.ReadFile(file); err == nil {
			lines := strings.Split(strings.TrimSpace(string(b)), "\n")
			if len(lines) == 2 {
				return "ws://127.0.0.1:" + strings.TrimSpace(lines[0]) + strings.TrimSpace(lines[1]), nil
			}
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("browser did not open its DevTools port: %w", ctx.Err())
		case <-exited:
			return "", errors.New("browser exited before opening its DevTools port")
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (b *Browser) kill(exited <-chan struct{}) {
	b.cmd.Process.Kill()
	<-exited
}

// Output returns the last of what the browser wrote to stdout and stderr.
func (b *Browser) Output() string { return b.stderr.String() }

// Close ends the browser and waits for it.
func (b *Browser) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	b.Call(ctx, "", "Browser.close", nil, nil)
	select {
	case <-b.done:
	case <-ctx.Done():
	}
	b.conn.Close()
	select {
	case <-b.exited:
	case <-time.After(5 * time.Second):
		b.kill(b.exited)
	}
	return nil
}

func (b *Browser) readLoop() {
	defer close(b.done)
	for {
		data, err := b.conn.ReadMessage()
		if err != nil {
			b.mu.Lock()
			b.readErr = err
			for id, ch := range b.pending {
				close(ch)
				delete(b.pending, id)
			}
			b.mu.Unlock()
			return
		}
		var m message
		if err := json.Unmarshal(data, &m); err != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch := b.pending[m.ID]; ch != nil {
				ch <- m.response
				delete(b.pending, m.ID)
			}
			b.mu.Unlock()
			continue
		}
		p := b.pages[m.SessionID]
		b.mu.Unlock()
		if p != nil {
			p.event(m.Method, m.Params)
		}
	}
}

// Call sends a protocol command, to the browser when session is "", else
// to that page's session, and decodes its result into out (when not nil).
func (b *Browser) Call(ctx context.Context, session, method string, params, out any) error {
	b.mu.Lock()
	if b.readErr != nil {
		err := b.readErr
		b.mu.Unlock()
		return fmt.Errorf("%s: connection lost: %w", method, err)
	}
	b.nextID++
	id := b.nextID
	ch := make(chan response, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	req := map[string]any{"id": id, "method": method}
	if params != nil {
		req["params"] = params
	}
	if session != "" {
		req["sessionId"] = session
	}
	msg, err := json.Marshal(req)
	if err != nil {
		return err
	}
	if err := b.conn.WriteText(msg); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case r, ok := <-ch:
		if !ok {
			return fmt.Errorf("%s: connection lost", method)
		}
		if r.Error != nil {
			return fmt.Errorf("%s: %s (%d)", method, r.Error.Message, r.Error.Code)
		}
		if out != nil {
			return json.Unmarshal(r.Result, out)
		}
		return nil
	case <-ctx.Done():
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

// Message is something a page reported: a console call, a log entry (a
// blocked resource, a Content-Security-Policy violation) or an uncaught
// exception.
type Message struct {
	Source string // "console", "log" or "exception"
	Level  string // console: log, info, warning, error, …; log: verbose, info, warning, error
	Text   string
}

func (m Message) String() string { return m.Source + "." + m.Level + ": " + m.Text }

// Page is one tab, attached in its own session.
type Page struct {
	b       *Browser
	session string

	mu       sync.Mutex
	messages []Message
	dialogs  []string
	requests []string
	loaded   chan struct{} // closed and replaced on each load event
}

// NewPage opens a blank tab and starts recording what it reports.
func (b *Browser) NewPage(ctx context.Context) (*Page, error) {
	var t struct {
		TargetID string `json:"targetId"`
	}
	if err := b.Call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &t); err != nil {
		return nil, err
	}
	var s struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.Call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": t.TargetID, "flatten": true}, &s); err != nil {
		return nil, err
	}
	p := &Page{b: b, session: s.SessionID, loaded: make(chan struct{})}
	b.mu.Lock()
	b.pages[p.session] = p
	b.mu.Unlock()
	for _, domain := range []string{"Page", "Runtime", "Log", "Network"} {
		if err := p.Call(ctx, domain+".enable", nil, nil); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Close closes the tab.
func (p *Page) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var info struct {
		TargetInfo struct {
			TargetID string `json:"targetId"`
		} `json:"targetInfo"`
	}
	if err := p.Call(ctx, "Target.getTargetInfo", nil, &info); err != nil {
		return err
	}
	err := p.b.Call(ctx, "", "Target.closeTarget", map[string]any{"targetId": info.TargetInfo.TargetID}, nil)
	p.b.mu.Lock()
	delete(p.b.pages, p.session)
	p.b.mu.Unlock()
	return err
}

// Call sends a protocol command to the page's session.
func (p *Page) Call(ctx context.Context, method string, params, out any) error {
	return p.b.Call(ctx, p.session, method, params, out)
}

func (p *Page) event(method string, params json.RawMessage) {
	switch method {
	case "Runtime.consoleAPICalled":
		var e struct {
			Type string `json:"type"`
			Args []struct {
				Value       any    `json:"value"`
				Description string `json:"description"`
			} `json:"args"`
		}
		json.Unmarshal(params, &e)
		var parts []string
		for _, a := range e.Args {
			if a.Value != nil {
				parts = append(parts, fmt.Sprint(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		p.add(Message{Source: "console", Level: e.Type, Text: strings.Join(parts, " ")})
	case "Runtime.exceptionThrown":
		var e struct {
			Details struct {
				Text      string `json:"text"`
				Exception struct {
					Description string `json:"description"`
				} `json:"exception"`
			} `json:"exceptionDetails"`
		}
		json.Unmarshal(params, &e)
		p.add(Message{Source: "exception", Level: "error", Text: strings.TrimSpace(e.Details.Text + " " + e.Details.Exception.Description)})
	case "Log.entryAdded":
		var e struct {
			Entry struct {
				Level  string `json:"level"`
				Source string `json:"source"`
				Text   string `json:"text"`
				URL    string `json:"url"`
			} `json:"entry"`
		}
		json.Unmarshal(params, &e)
		p.add(Message{Source: "log", Level: e.Entry.Level, Text: strings.TrimSpace(e.Entry.Source + ": " + e.Entry.Text + " " + e.Entry.URL)})
	case "Page.javascriptDialogOpening":
		var e struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		}
		json.Unmarshal(params, &e)
		p.mu.Lock()
		p.dialogs = append(p.dialogs, e.Type+": "+e.Message)
		p.mu.Unlock()
		// A dialog blocks the page until it is answered.
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			p.Call(ctx, "Page.handleJavaScriptDialog", map[string]any{"accept": true}, nil)
		}()
	case "Network.requestWillBeSent":
		var e struct {
			Request struct {
				URL string `json:"url"`
			} `json:"request"`
		}
		json.Unmarshal(params, &e)
		p.mu.Lock()
		p.requests = append(p.requests, e.Request.URL)
		p.mu.Unlock()
	case "Page.loadEventFired":
		p.mu.Lock()
		close(p.loaded)
		p.loaded = make(chan struct{})
		p.mu.Unlock()
	}
}

func (p *Page) add(m Message) {
	p.mu.Lock()
	p.messages = append(p.messages, m)
	p.mu.Unlock()
}

// Messages returns what the page reported so far.
func (p *Page) Messages() []Message {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Message(nil), p.messages...)
}

// Dialogs returns the alert, confirm and prompt dialogs the page opened
// ("alert: text"); each was accepted.
func (p *Page) Dialogs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.dialogs...)
}

// Requests returns the URL of every request the page made, the page's own
// included.
func (p *Page) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// Navigate loads url and waits for its load event.
func (p *Page) Navigate(ctx context.Context, url string) error {
	p.mu.Lock()
	loaded := p.loaded
	p.mu.Unlock()
	var r struct {
		ErrorText string `json:"errorText"`
	}
	if err := p.Call(ctx, "Page.navigate", map[string]any{"url": url}, &r); err != nil {
		return err
	}
	if r.ErrorText != "" {
		return fmt.Errorf("navigate %s: %s", url, r.ErrorText)
	}
	select {
	case <-loaded:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("navigate %s: no load event: %w", url, ctx.Err())
	}
}

// SetViewport sizes the page's viewport in CSS pixels at scale 1; mobile
// makes the browser honour the page's viewport meta tag, as a phone does.
func (p *Page) SetViewport(ctx context.Context, width, height int, mobile bool) error {
	return p.Call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile,
	}, nil)
}

// Eval evaluates a JavaScript expression in the page and decodes its value
// (which must be JSON-serializable) into out. Promises are awaited.
func (p *Page) Eval(ctx context.Context, expr string, out any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.Call(ctx, "Runtime.evaluate", map[string]any{
		"expression": expr, "returnByValue": true, "awaitPromise": true,
	}, &r)
	if err != nil {
		return err
	}
	if e := r.ExceptionDetails; e != nil {
		return fmt.Errorf("evaluating %q: %s %s", expr, e.Text, e.Exception.Description)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(r.Result.Value, out)
}

// Screenshot returns a PNG of the viewport, or of the whole page when full
// is set.
func (p *Page) Screenshot(ctx context.Context, full bool) ([]byte, error) {
	params := map[string]any{"format": "png"}
	if full {
		var m struct {
			Content struct {
				Width  float64 `json:"width"`
				Height float64 `json:"height"`
			} `json:"cssContentSize"`
		}
		if err := p.Call(ctx, "Page.getLayoutMetrics", nil, &m); err != nil {
			return nil, err
		}
		params["captureBeyondViewport"] = true
		params["clip"] = map[string]any{"x": 0, "y": 0, "width": m.Content.Width, "height": m.Content.Height, "scale": 1}
	}
	var r struct {
		Data string `json:"data"`
	}
	if err := p.Call(ctx, "Page.captureScreenshot", params, &r); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(r.Data)
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append([]byte(nil), t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
