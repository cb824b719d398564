package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// maxKeyFile is the most an admin key's file may hold: a key is about 200
// bytes.
const maxKeyFile = 4 << 10

// keyFromFile reads the admin key from path ("-" for stdin), named by from:
// the file's one line, without surrounding space. Reading stdin ends when
// ctx does, so that Ctrl-C ends a wait for a key that is never typed.
func (c *cli) keyFromFile(ctx context.Context, from, path string) (string, error) {
	if _, err := os.Stat(path); err != nil && hasKeyShape(path) {
		// The key itself, given where its file's path belongs, perhaps
		// with a space or quotes around it: the error must not echo it.
		return "", usageErrorf("%s: that is an admin key, not a file's path: put the key in a file that only you may read (chmod 600) and give the file's path", from)
	}
	if path == "-" && c.stdinHolds != "" {
		return "", usageErrorf("%s -: stdin holds %s already: keep the key in a file (chmod 600) instead", from, c.stdinHolds)
	}
	var data []byte
	var err error
	if path == "-" {
		data, err = readStdin(ctx, c.stdin, maxKeyFile+1)
	} else {
		data, err = readPrivateFile(path, maxKeyFile+1)
	}
	if errors.Is(err, context.Canceled) {
		return "", err
	}
	if err != nil {
		return "", usageErrorf("%s: %v", from, err)
	}
	return keyFromText(from+" "+path, "the file", data)
}

// keyFromText is the admin key in data, what a key file holds or a key
// command prints (named by from, and by what: "the file" or "the output"):
// its one line, without surrounding space.
func keyFromText(from, what string, data []byte) (string, error) {
	if len(data) > maxKeyFile {
		return "", usageErrorf("%s: more than %d bytes: it must hold the admin key alone", from, maxKeyFile)
	}
	key := strings.TrimSpace(string(data))
	switch {
	case key == "":
		return "", usageErrorf("%s: %s is empty: it must hold the admin key (sk-admin-...)", from, what)
	case strings.ContainsAny(key, "\r\n"):
		return "", usageErrorf("%s: %s has more than one line: it must hold the admin key alone", from, what)
	}
	return key, nil
}

// readStdin reads up to limit bytes of r, or stops when ctx ends first.
func readStdin(ctx context.Context, r io.Reader, limit int64) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := io.ReadAll(io.LimitReader(r, limit))
		done <- result{data, err}
	}()
	select {
	case res := <-done:
		return res.data, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// readPrivateFile reads up to limit bytes of the file at path, which holds a
// secret or says where one is: it must be a regular file that its group and
// others can neither read nor write. The file is checked before it is opened,
// so that a named pipe with no writer, a device or a folder is refused at
// once instead of waiting forever, and opened without blocking, so that a
// file swapped for a pipe between the check and the open is refused too.
func readPrivateFile(path string, limit int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkPrivate(path, info); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close() //nolint:errcheck // opened for reading: closing it cannot lose data
	opened, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !os.SameFile(info, opened) {
		return nil, fmt.Errorf("%s changed while it was opened: try again", path)
	}
	if err := checkPrivate(path, opened); err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(f, limit))
}

// checkPrivate refuses what is not a regular file, and a file that its
// group or others may read or write: the secret would be theirs too.
func checkPrivate(path string, info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is %s, not a regular file", path, fileKind(info.Mode()))
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("%s can be read or written by others (mode %04o): run 'chmod 600 %s'", path, perm, path)
	}
	return nil
}

// fileKind names what a file that is not a regular one is.
func fileKind(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a folder"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeCharDevice != 0:
		return "a character device"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
