// Package release writes the archives of a release of the invites CLI so
// that the same files always give the same bytes: entries in name order,
// under one folder, with one fixed time, owner root, and modes 0755 (a file
// that was executable, and folders) or 0644. It uses only the standard
// library, so scripts/release.sh needs no archiver of the machine's.
package release

import (
	"archive/tar"
	"archive/zip"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"time"
)

// File is one file to put in an archive.
type File struct {
	// Name is the file's slash-separated path inside the archive's folder,
	// such as "invites" or "spec/LICENSE-openai-openapi".
	Name string
	// Source is the path of the file to read.
	Source string
}

// entry is a file or folder as it goes into an archive.
type entry struct {
	name string // full slash-separated name, with a trailing slash for a folder
	mode os.FileMode
	data []byte
}

// entries reads files and returns them, with every folder they sit in, in
// name order, under the folder prefix.
func entries(prefix string, files []File) ([]entry, error) {
	if prefix == "" || strings.Contains(prefix, "/") {
		return nil, fmt.Errorf("release: the archive's folder %q must be one non-empty path element", prefix)
	}
	folders := map[string]bool{prefix + "/": true}
	var out []entry
	seen := map[string]bool{}
	for _, f := range files {
		clean := path.Clean(f.Name)
		if f.Name == "" || clean != f.Name || path.IsAbs(clean) || clean == "." || strings.HasPrefix(clean, "../") || clean == ".." {
			return nil, fmt.Errorf("release: %q is not a clean relative name inside the archive", f.Name)
		}
		if seen[clean] {
			return nil, fmt.Errorf("release: %q is in the archive twice", clean)
		}
		seen[clean] = true
		info, err := os.Stat(f.Source)
		if err != nil {
			return nil, fmt.Errorf("release: %w", err)
		}
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("release: %s is not a regular file", f.Source)
		}
		data, err := os.ReadFile(f.Source)
		if err != nil {
			return nil, fmt.Errorf("release: %w", err)
		}
		mode := os.FileMode(0o644)
		if info.Mode().Perm()&0o111 != 0 {
			mode = 0o755
		}
		for dir := path.Dir(clean); dir != "."; dir = path.Dir(dir) {
			folders[prefix+"/"+dir+"/"] = true
		}
		out = append(out, entry{name: prefix + "/" + clean, mode: mode, data: data})
	}
	for name := range folders {
		out = append(out, entry{name: name, mode: 0o755})
	}
	slices.SortFunc(out, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	return out, nil
}

// WriteTarGz writes a gzip-compressed tar archive of files, under the folder
// prefix, every entry dated mtime and owned by root.
func WriteTarGz(w io.Writer, prefix string, files []File, mtime time.Time) error {
	list, err := entries(prefix, files)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	// The gzip header keeps no name and no time: only the entries do.
	tw := tar.NewWriter(zw)
	for _, e := range list {
		h := &tar.Header{
			Name:    e.name,
			Mode:    int64(e.mode),
			ModTime: mtime.UTC().Truncate(time.Second),
			Uname:   "root",
			Gname:   "root",
			Format:  tar.FormatUSTAR,
		}
		if strings.HasSuffix(e.name, "/") {
			h.Typeflag = tar.TypeDir
		} else {
			h.Typeflag = tar.TypeReg
			h.Size = int64(len(e.data))
		}
		if err := tw.WriteHeader(h); err != nil {
			return fmt.Errorf("release: %s: %w", e.name, err)
		}
		if _, err := tw.Write(e.data); err != nil {
			return fmt.Errorf("release: %s: %w", e.name, err)
		}
	}
	return errors.Join(tw.Close(), zw.Close())
}

// WriteZip writes a zip archive of files, under the folder prefix, every
// entry dated mtime (in UTC) and compressed with deflate.
func WriteZip(w io.Writer, prefix string, files []File, mtime time.Time) error {
	list, err := entries(prefix, files)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	for _, e := range list {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mtime.UTC().Truncate(time.Second)}
		mode := e.mode
		if strings.HasSuffix(e.name, "/") {
			h.Method = zip.Store
			mode |= os.ModeDir
		}
		h.SetMode(mode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("release: %s: %w", e.name, err)
		}
		if _, err := fw.Write(e.data); err != nil {
			return fmt.Errorf("release: %s: %w", e.name, err)
		}
	}
	return zw.Close()
}
