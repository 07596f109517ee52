package lsp

import (
	"context"
	"encoding/json"
)

// requestFunc answers one kind of request, against the documents as they
// were when it came.
type requestFunc func(ctx context.Context, s *Server, snap *snapshot, params json.RawMessage) (any, error)

// requests are the methods the server answers besides initialize and
// shutdown.
var requests = map[string]requestFunc{}
