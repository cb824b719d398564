package api

import (
	"io"
	"sync"
)

// The body of a 2xx answer is read into a pooled buffer and unmarshalled
// where it lies. Walking invites page after page otherwise allocates a fresh
// buffer, grown in several steps, for every 50 KB page, and that garbage
// measured 10 to 30 % of a walk's time (BENCHMARKS.md).

// maxPooledBuffer is the largest buffer kept for reuse; a larger answer's
// buffer is left to the garbage collector.
const maxPooledBuffer = 1 << 20

var bufferPool = sync.Pool{New: func() any {
	b := make([]byte, 0, 512) // where io.ReadAll starts too
	return &b
}}

// getBuffer returns an empty buffer from the pool.
func getBuffer() *[]byte {
	b := bufferPool.Get().(*[]byte)
	*b = (*b)[:0]
	return b
}

// putBuffer returns b to the pool, unless it is too large to keep.
func putBuffer(b *[]byte) {
	if cap(*b) <= maxPooledBuffer {
		bufferPool.Put(b)
	}
}

// readUpTo appends to b what r has, up to n bytes in all, as io.ReadAll
// does with an io.LimitReader.
func readUpTo(r io.Reader, b []byte, n int64) ([]byte, error) {
	for int64(len(b)) < n {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow, as io.ReadAll does
		}
		end := cap(b)
		if int64(end) > n {
			end = int(n)
		}
		m, err := r.Read(b[len(b):end])
		b = b[:len(b)+m]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
	return b, nil
}
