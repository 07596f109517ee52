package lsp

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The test binary is also the server the editor starts: with
// DOSSIER_TEST_LSP=1 it serves the protocol on stdin and stdout.
func TestMain(m *testing.M) {
	if os.Getenv("DOSSIER_TEST_LSP") == "1" {
		err := Serve(context.Background(), stdio{}, Options{Log: os.Stderr})
		if err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { return nil }

// nvimScript drives Neovim's own LSP client (0.7 and later): it opens a
// quote whose speaker is misspelt, waits for the server's diagnostic,
// then opens another quote, asks for the definition of its (valid)
// speaker and waits for the actor's file to open. What it saw goes to
// the file OUT as JSON.
const nvimScript = `
local out = {}
local function finish()
  local f = io.open(os.getenv("OUT"), "w")
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd("qa!")
end
local ok, err = pcall(function()
  local root = os.getenv("ROOT")
  local client = vim.lsp.start_client({
    name = "dossier",
    cmd = { os.getenv("SERVER") },
    cmd_env = { DOSSIER_TEST_LSP = "1" },
    root_dir = root,
  })
  out.client = client ~= nil
  vim.cmd("edit " .. root .. "/records/quotes/cuci-police-not-responsible.yaml")
  vim.lsp.buf_attach_client(0, client)
  vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 50)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(out.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      code = d.code or lsp.code, message = d.message, severity = d.severity,
    })
  end
  vim.cmd("edit " .. root .. "/records/quotes/cuci-hospitality-code-violation.yaml")
  vim.lsp.buf_attach_client(0, client)
  vim.wait(60000, function() return vim.lsp.buf_is_attached(0, client) and vim.lsp.get_client_by_id(client).initialized end, 50)
  local line = vim.fn.search("^speaker: ")
  vim.api.nvim_win_set_cursor(0, { line, 12 })
  local start = vim.api.nvim_buf_get_name(0)
  vim.lsp.buf.definition()
  vim.wait(60000, function() return vim.api.nvim_buf_get_name(0) ~= start end, 50)
  out.definition = vim.api.nvim_buf_get_name(0)
  out.cursor = vim.api.nvim_win_get_cursor(0)
end)
if not ok then out.error = tostring(err) end
finish()
`

// TestNeovim runs the server under headless Neovim's built-in LSP client
// against a copy of the dataset. It skips where Neovim is missing, except
// under CI.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("nvim is not installed; CI installs the Debian package neovim (.ci/run)")
		}
		t.Skip("nvim is not installed")
	}
	root := testDataset(t)
	q := filepath.Join(root, "records", "quotes", "cuci-police-not-responsible.yaml")
	b, err := os.ReadFile(q)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(q, []byte(strings.Replace(string(b), "speaker: bledar-cuci", "speaker: bledar-cucci", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "test.lua")
	os.WriteFile(script, []byte(nvimScript), 0o644)
	out := filepath.Join(dir, "out.json")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", "-i", "NONE", "-c", "luafile "+script)
	cmd.Env = append(os.Environ(), "ROOT="+root, "OUT="+out, "SERVER="+self, "XDG_STATE_HOME="+dir, "XDG_DATA_HOME="+dir)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, b)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Client      bool
		Error       string
		Diagnostics []struct {
			Lnum    int `json:"lnum"`
			Col     int `json:"col"`
			EndLnum int `json:"end_lnum"`
			EndCol  int `json:"end_col"`
			Code    string
			Message string
		}
		Definition string
		Cursor     []int
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	if got.Error != "" || !got.Client {
		t.Fatalf("the script failed: %s", raw)
	}
	if len(got.Diagnostics) != 1 {
		t.Fatalf("diagnostics: %s", raw)
	}
	d := got.Diagnostics[0]
	// line 3 (0-based 2), "speaker: bledar-cucci": the value, columns 9 to 21
	if d.Code != "ref-unresolved" || d.Lnum != 2 || d.Col != 9 || d.EndLnum != 2 || d.EndCol != 21 ||
		!strings.Contains(d.Message, `did you mean "bledar-cuci"?`) {
		t.Errorf("diagnostic: %+v", d)
	}
	if want := filepath.Join(root, "records", "actors", "bledar-cuci.yaml"); got.Definition != want || len(got.Cursor) != 2 || got.Cursor[0] != 1 {
		t.Errorf("definition opened %s at %v, want %s at line 1", got.Definition, got.Cursor, want)
	}
}
