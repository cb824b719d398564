// Command pack writes one archive of a release of the invites CLI, the same
// bytes for the same files (see package release). scripts/release.sh runs it:
//
//	go run ./internal/release/cmd/pack -o OUT.tar.gz|OUT.zip -prefix FOLDER -mtime UNIXSECONDS NAME=PATH...
//
// Each NAME=PATH puts the file at PATH into the archive as FOLDER/NAME. The
// archive's format comes from the extension of OUT.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/internal/release"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "pack:", err)
		os.Exit(1)
	}
}

// run parses the command line and writes the archive, to a temporary file
// renamed over the output once it is complete.
func run(args []string) error {
	fs := flag.NewFlagSet("pack", flag.ContinueOnError)
	out := fs.String("o", "", "the archive to write: a .tar.gz or .zip file")
	prefix := fs.String("prefix", "", "the folder that holds every file in the archive")
	mtime := fs.Int64("mtime", -1, "the time of every entry, in seconds since 1970 UTC (the commit's time)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || *prefix == "" || *mtime < 0 || fs.NArg() == 0 {
		return errors.New("usage: pack -o OUT.tar.gz|OUT.zip -prefix FOLDER -mtime UNIXSECONDS NAME=PATH [NAME=PATH]")
	}
	var files []release.File
	for _, a := range fs.Args() {
		name, src, ok := strings.Cut(a, "=")
		if !ok {
			return fmt.Errorf("%q is not NAME=PATH", a)
		}
		files = append(files, release.File{Name: name, Source: src})
	}
	var write func(io.Writer, string, []release.File, time.Time) error
	switch {
	case strings.HasSuffix(*out, ".tar.gz"):
		write = release.WriteTarGz
	case strings.HasSuffix(*out, ".zip"):
		write = release.WriteZip
	default:
		return fmt.Errorf("%s: the archive must end in .tar.gz or .zip", *out)
	}
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".pack-*")
	if err != nil {
		return err
	}
	if err := write(tmp, *prefix, files, time.Unix(*mtime, 0)); err != nil {
		return errors.Join(err, tmp.Close(), os.Remove(tmp.Name()))
	}
	if err := tmp.Chmod(0o644); err != nil {
		return errors.Join(err, tmp.Close(), os.Remove(tmp.Name()))
	}
	if err := tmp.Close(); err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	return nil
}
