package release

import (
	"archive/tar"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// archiveLevel is the DEFLATE level of the archive. Measured on the
// release of 100k synthetic records (docs/performance.md, "Build"): level
// 5 compresses about as well as 6 (within 2%) at about 1.5 times the
// speed; 1 is faster again but about 13% larger. Most bytes are CSV and
// JSON text, which compress fourfold.
const archiveLevel = 5

// writeArchive writes a .tar.gz of the release folder dir to path: a folder
// entry named folder/ then every file in name order, each with mode 0644
// (0755 for the folder), uid and gid 0 with no user or group names, and
// the modification time created; the gzip header carries no name and no
// time. The same files give the same bytes. Compression is klauspost's
// DEFLATE (a dependency of parquet-go already), several times faster than
// the standard library's at the same level and as deterministic, run on
// every core by parallelGzip.
func writeArchive(create func(string) (io.WriteCloser, error), path, dir, folder string, files []File, created time.Time) error {
	out, err := create(path)
	if err != nil {
		return err
	}
	if err := fillArchive(out, dir, folder, files, created.UTC().Truncate(time.Second)); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func fillArchive(w io.Writer, dir, folder string, files []File, mtime time.Time) error {
	zw := newParallelGzip(w, archiveLevel, runtime.GOMAXPROCS(0))
	tw := tar.NewWriter(zw)
	if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: folder + "/", Mode: 0o755, ModTime: mtime}); err != nil {
		return err
	}
	for _, f := range files {
		hdr := &tar.Header{Typeflag: tar.TypeReg, Name: folder + "/" + f.Name, Mode: 0o644, Size: f.Bytes, ModTime: mtime}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		src, err := os.Open(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if err != nil {
			return err
		}
		_, err = io.CopyN(tw, src, f.Bytes)
		src.Close()
		if err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}
