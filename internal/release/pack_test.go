package release

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// sampleFiles writes a small executable and two text files, one in a
// subfolder, and returns them in an order that is not the archive's.
func sampleFiles(t *testing.T) []File {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return []File{
		{Name: "spec/LICENSE-openai-openapi", Source: write("mit", "MIT text\n", 0o600)},
		{Name: "invites", Source: write("bin", "\x7fELF binary", 0o700)},
		{Name: "LICENSE", Source: write("apache", "Apache text\n", 0o640)},
	}
}

var when = time.Date(2026, 12, 6, 19, 7, 55, 0, time.FixedZone("X", 5*3600))

// wantEntries is what every archive of sampleFiles holds, in its order.
var wantEntries = []string{
	"p/ 755",
	"p/LICENSE 644 Apache text\n",
	"p/invites 755 \x7fELF binary",
	"p/spec/ 755",
	"p/spec/LICENSE-openai-openapi 644 MIT text\n",
}

func TestWriteTarGz(t *testing.T) {
	t.Parallel()
	files := sampleFiles(t)
	var a, b bytes.Buffer
	if err := WriteTarGz(&a, "p", files, when); err != nil {
		t.Fatal(err)
	}
	// Another order of the same files, and the same time in another zone.
	if err := WriteTarGz(&b, "p", reversed(files), when.UTC()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same files gave different archives")
	}
	zr, err := gzip.NewReader(&a)
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("gzip header keeps name %q and time %v, want neither", zr.Name, zr.ModTime)
	}
	tr := tar.NewReader(zr)
	var got []string
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if !h.ModTime.Equal(when) || h.Uid != 0 || h.Gid != 0 || h.Uname != "root" || h.Gname != "root" {
			t.Errorf("%s: time %v, owner %d:%d %s:%s; want %v, root", h.Name, h.ModTime, h.Uid, h.Gid, h.Uname, h.Gname, when)
		}
		got = append(got, strings.TrimSuffix(h.Name+" "+strconvOctal(h.Mode)+" "+string(data), " "))
	}
	if !slices.Equal(got, wantEntries) {
		t.Errorf("entries\n%q\nwant\n%q", got, wantEntries)
	}
}

func TestWriteZip(t *testing.T) {
	t.Parallel()
	files := sampleFiles(t)
	var a, b bytes.Buffer
	if err := WriteZip(&a, "p", files, when); err != nil {
		t.Fatal(err)
	}
	if err := WriteZip(&b, "p", reversed(files), when.UTC()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same files gave different archives")
	}
	zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !f.Modified.Equal(when) {
			t.Errorf("%s: time %v, want %v", f.Name, f.Modified, when)
		}
		got = append(got, strings.TrimSuffix(f.Name+" "+strconvOctal(int64(f.Mode().Perm()))+" "+string(data), " "))
	}
	if !slices.Equal(got, wantEntries) {
		t.Errorf("entries\n%q\nwant\n%q", got, wantEntries)
	}
}

// TestRefusedNames: a name that would leave the archive's folder, or
// appear twice, or a folder prefix that is not one element, is refused
// with the name in the error.
func TestRefusedNames(t *testing.T) {
	t.Parallel()
	files := sampleFiles(t)
	src := files[0].Source
	tests := []struct {
		prefix string
		files  []File
		want   string
	}{
		{"p", []File{{Name: "../x", Source: src}}, `"../x" is not a clean relative name`},
		{"p", []File{{Name: "/etc/x", Source: src}}, `"/etc/x" is not a clean relative name`},
		{"p", []File{{Name: "a//b", Source: src}}, `"a//b" is not a clean relative name`},
		{"p", []File{{Name: "", Source: src}}, `"" is not a clean relative name`},
		{"p", []File{{Name: "a", Source: src}, {Name: "a", Source: src}}, `"a" is in the archive twice`},
		{"p", []File{{Name: "a", Source: filepath.Dir(src)}}, "is not a regular file"},
		{"p", []File{{Name: "a", Source: src + ".missing"}}, "no such file"},
		{"", files, `folder "" must be one non-empty path element`},
		{"p/q", files, `folder "p/q" must be one non-empty path element`},
	}
	for _, tt := range tests {
		for _, write := range []func(io.Writer, string, []File, time.Time) error{WriteTarGz, WriteZip} {
			err := write(io.Discard, tt.prefix, tt.files, when)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("prefix %q, files %v: error %v, want one saying %s", tt.prefix, tt.files, err, tt.want)
			}
		}
	}
}

// strconvOctal formats a file mode as the three octal digits ls shows.
func strconvOctal(mode int64) string {
	return string([]byte{byte('0' + mode>>6&7), byte('0' + mode>>3&7), byte('0' + mode&7)})
}

// reversed returns a reversed copy of files.
func reversed(files []File) []File {
	r := slices.Clone(files)
	slices.Reverse(r)
	return r
}
