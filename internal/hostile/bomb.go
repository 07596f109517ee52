package hostile

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
)

// ArchiveBomb writes dir/dossier-0.1.0.tar.gz, a release archive of about
// 3 MB whose tar holds one entry, name, of 3 GiB of zeros, and returns its
// path. It is made in a moment: a gzip member of the tar header, the same
// member of 1 MiB of zeros 3072 times (a gzip reader reads concatenated
// members as one stream), and a member of the tar's end.
func ArchiveBomb(t testing.TB, dir, name string) string {
	t.Helper()
	const chunk, chunks = 1 << 20, 3072
	var hdr bytes.Buffer
	tw := tar.NewWriter(&hdr)
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: chunk * chunks, Typeflag: tar.TypeReg}); err != nil {
		t.Fatal(err)
	}
	zeros := GzipMember(make([]byte, chunk))
	var out bytes.Buffer
	out.Write(GzipMember(hdr.Bytes()))
	for i := 0; i < chunks; i++ {
		out.Write(zeros)
	}
	out.Write(GzipMember(make([]byte, 1024))) // the tar's two zero blocks
	p := filepath.Join(dir, "dossier-0.1.0.tar.gz")
	if err := os.WriteFile(p, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// GzipMember returns one gzip member holding b, at the best compression.
func GzipMember(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}
