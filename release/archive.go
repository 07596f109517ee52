package release

import (
	"archive/tar"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/klauspost/compress/gzip"
)

// writeArchive writes a .tar.gz of the release folder dir to path: a folder
// entry named folder/ then every file in name order, each with mode 0644
// (0755 for the folder), uid and gid 0 with no user or group names, and
// the modification time created; the gzip header carries no name and no
// time. The same files give the same bytes. Compression is klauspost's
// gzip (a dependency of parquet-go already), several times faster than the
// standard library's at the same level and as deterministic.
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
	zw, err := gzip.NewWriterLevel(w, gzip.DefaultCompression)
	if err != nil {
		return err
	}
	zw.ModTime = time.Unix(0, 0) // MTIME 0: no time (this gzip writes a zero time.Time as a wrapped number)
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
