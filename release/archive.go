package release

import (
	"archive/tar"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// archiveLevel is the DEFLATE level of the archive, chosen on the release
// of 100k synthetic records (215 MB of files; docs/performance.md,
// "Build"): level 5, the default, gives 62.2 MB for 1.84 s of CPU; level 4
// 63.8 MB (+2.5%) for 1.47 s (-20%); level 1 69.7 MB (+12%) for 1.15 s;
// level 6 61.5 MB for 2.25 s. Level 4 is the knee: the archive is
// downloaded once, the build runs on every change.
const archiveLevel = 4

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
