package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dossier-data/dossier/synth"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// BenchmarkServer runs `dossier lsp` (the binary, built for the
// benchmark) on a generated dataset of DOSSIER_LSP_BENCH_RECORDS records
// (default 100,000; generated once and kept under the temporary folder,
// as the validate benchmarks keep theirs) and reports:
//
//   - first-check-s: from initialize to the first whole check's findings
//     published; ready-s: to the maps for editing made;
//   - validate-s: `dossier validate` on the same dataset, run
//     just before and just after the session (the bar the first check
//     must not pass); -cpu-s: CPU times of both, steadier on a shared
//     machine;
//   - p50-ms, p95-ms, max-ms: from an edit sent to the edited file's
//     diagnostics received, over 200 edits of records of every kind (a
//     reference misspelt, then fixed), 50 ms apart as a fast typist's;
//   - rss-MiB: the server's peak resident memory.
//
// Not part of `make test`: go test ./lsp -run '^$' -bench Server -benchtime 1x
func BenchmarkServer(b *testing.B) {
	n := 100_000
	if s := os.Getenv("DOSSIER_LSP_BENCH_RECORDS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dir, err := synth.Kept(n)
	if err != nil {
		b.Fatal(err)
	}
	bin := filepath.Join(b.TempDir(), "dossier")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/dossier").CombinedOutput(); err != nil {
		b.Fatalf("building dossier: %v\n%s", err, out)
	}
	// the files in the page cache, for both
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			os.ReadFile(p)
		}
		return nil
	})
	b.ResetTimer()
	for range b.N {
		// validate just before and just after the session: on a
		// shared machine the two bracket what the same load gives
		v1, c1 := runValidate(b, bin, dir)
		benchSession(b, bin, dir)
		v2, c2 := runValidate(b, bin, dir)
		b.Logf("validate %.2f s (%.2f s CPU) before, %.2f s (%.2f s CPU) after", v1.Seconds(), c1.Seconds(), v2.Seconds(), c2.Seconds())
		b.ReportMetric((v1+v2).Seconds()/2, "validate-s")
		b.ReportMetric((c1+c2).Seconds()/2, "validate-cpu-s")
	}
}

// runValidate runs dossier validate and returns its wall and
// CPU time.
func runValidate(b *testing.B, bin, dir string) (time.Duration, time.Duration) {
	start := time.Now()
	v := exec.Command(bin, "validate")
	v.Dir = dir
	v.Run()
	wall := time.Since(start)
	ru, _ := v.ProcessState.SysUsage().(*syscall.Rusage)
	if ru == nil {
		return wall, 0
	}
	return wall, time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// processCPU returns the CPU time a running process has used, from
// /proc/<pid>/stat (clock ticks of 10 ms).
func processCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return time.Duration(ut+st) * 10 * time.Millisecond
}

// editGap is the time between two edits: a fast typist's.
const editGap = 50 * time.Millisecond

func benchSession(b *testing.B, bin, root string) {
	cmd := exec.Command(bin, "lsp")
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	h := &benchClient{got: map[string]chan time.Time{}, logged: make(chan string, 10)}
	ctx := context.Background()
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(pipe{stdout, stdin}, jsonrpc2.VSCodeObjectCodec{}), h)
	start := time.Now()
	init := `{"processId":null,"rootUri":"` + fileURI(root) + `","capabilities":{}}`
	if err := conn.Call(ctx, "initialize", json.RawMessage(init), nil); err != nil {
		b.Fatal(err)
	}
	conn.Notify(ctx, "initialized", struct{}{})
	// The server logs the end of its first whole check.
	select {
	case <-h.logged:
	case <-time.After(10 * time.Minute):
		b.Fatal("the first check did not end")
	}
	firstCheck := time.Since(start)
	firstCPU := processCPU(cmd.Process.Pid)
	select {
	case <-h.logged:
	case <-time.After(10 * time.Minute):
		b.Fatal("the server did not get ready for edits")
	}
	ready := time.Since(start)

	rng := rand.New(rand.NewPCG(1, 2))
	var files []string
	perKind := 40
	if s := os.Getenv("DOSSIER_LSP_BENCH_FILES"); s != "" {
		perKind, _ = strconv.Atoi(s)
	}
	for _, table := range []string{"events", "quotes", "figures", "actors", "places", "sources"} {
		ents, _ := os.ReadDir(filepath.Join(root, "records", table))
		for i := 0; i < perKind && len(ents) > 0; i++ {
			files = append(files, "records/"+table+"/"+ents[rng.IntN(len(ents))].Name())
		}
	}
	var lat []time.Duration
	refLine := regexp.MustCompile(`(?m)^(?:\s*- source|speaker|event|within|place|actor|  - organization): ([a-z0-9-]+)\s*$|^  - ([a-z0-9-]+)\s*$`)
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f))
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		uri := fileURI(p)
		t := newText(string(src))
		conn.Notify(ctx, "textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: uri, LanguageID: "yaml", Version: 1, Text: string(src)}})
		version := int32(1)
		loc := refLine.FindSubmatchIndex(src)
		if loc == nil {
			continue
		}
		end := loc[3]
		if end < 0 {
			end = loc[5]
		}
		at := t.position(end, utf16Enc)
		for _, insert := range []bool{true, false} {
			version++
			r := protocol.Range{Start: at, End: at}
			text := "x"
			if !insert {
				r.End.Character++
				text = ""
			}
			time.Sleep(editGap)
			got := h.await(uri)
			sent := time.Now()
			conn.Notify(ctx, "textDocument/didChange", map[string]any{
				"textDocument":   map[string]any{"uri": uri, "version": version},
				"contentChanges": []protocol.TextDocumentContentChangeEvent{{Range: &r, Text: text}},
			})
			select {
			case when := <-got:
				lat = append(lat, when.Sub(sent))
			case <-time.After(60 * time.Second):
				b.Fatalf("no diagnostics for %s after an edit", f)
			}
		}
		conn.Notify(ctx, "textDocument/didClose", map[string]any{"textDocument": map[string]string{"uri": uri}})
	}
	conn.Call(ctx, "shutdown", nil, nil)
	conn.Notify(ctx, "exit", nil)
	cmd.Wait()
	b.Logf("first check %.2f s (%.2f s CPU), ready %.2f s", firstCheck.Seconds(), firstCPU.Seconds(), ready.Seconds())
	b.ReportMetric(firstCheck.Seconds(), "first-check-s")
	b.ReportMetric(ready.Seconds(), "ready-s")
	b.ReportMetric(firstCPU.Seconds(), "first-check-cpu-s")
	if len(lat) > 0 {
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
		b.ReportMetric(pct(0.5), "p50-ms")
		b.ReportMetric(pct(0.95), "p95-ms")
		b.ReportMetric(pct(1), "max-ms")
	}
	b.ReportMetric(float64(len(lat)), "edits")
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		b.ReportMetric(float64(ru.Maxrss)/1024, "rss-MiB")
	}
}

// benchClient records when diagnostics arrive for a URI.
type benchClient struct {
	mu     sync.Mutex
	got    map[string]chan time.Time
	logged chan string
}

func (h *benchClient) await(uri string) chan time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	c := make(chan time.Time, 1)
	h.got[uri] = c
	return c
}

func (h *benchClient) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Method == "textDocument/publishDiagnostics" {
		now := time.Now()
		var p struct {
			URI string `json:"uri"`
		}
		json.Unmarshal(*req.Params, &p)
		h.mu.Lock()
		c := h.got[p.URI]
		delete(h.got, p.URI)
		h.mu.Unlock()
		if c != nil {
			c <- now
		}
		return
	}
	if req.Method == "window/logMessage" {
		select {
		case h.logged <- "":
		default:
		}
	}
	if !req.Notif {
		conn.Reply(ctx, req.ID, nil)
	}
}

// pipe joins a process's stdout and stdin into one connection.
type pipe struct {
	io.ReadCloser
	io.WriteCloser
}

func (p pipe) Close() error {
	p.WriteCloser.Close()
	return p.ReadCloser.Close()
}
