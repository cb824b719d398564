package specsync

import (
	"io"
	"strings"
	"testing"
)

// countingReader counts the bytes read through it.
type countingReader struct {
	r    io.Reader
	read int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += n
	return n, err
}

// TestReadAtMostStopsAtTheLimit: a file that grew past the limit after it
// was measured is read no further than one byte past the limit.
func TestReadAtMostStopsAtTheLimit(t *testing.T) {
	t.Parallel()
	r := &countingReader{r: io.LimitReader(zeros{}, MaxUpstreamBytes+64<<10)}
	_, err := readAtMost(r, "grown.yaml")
	if err == nil || !strings.Contains(err.Error(), "8388609 bytes, over the limit of 8388608 bytes (8 MiB)") {
		t.Fatalf("got %v", err)
	}
	if r.read > MaxUpstreamBytes+1 {
		t.Errorf("read %d bytes, more than one past the limit", r.read)
	}
	data, err := readAtMost(io.LimitReader(zeros{}, MaxUpstreamBytes), "at-the-limit.yaml")
	if err != nil || len(data) != MaxUpstreamBytes {
		t.Errorf("a file at the limit: %d bytes, %v", len(data), err)
	}
}

// zeros is an endless stream of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
