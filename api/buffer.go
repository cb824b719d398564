package api

import (
	"io"
	"sync"
)

// Answers are read into pooled buffers, so that reading a page costs no
// allocation once the client is warm: a page of 100 invites is about 50 KB,
// which io.ReadAll would grow a fresh buffer to, in several steps, every
// time.

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

// readUpTo appends to b what r has, up to n bytes in all, and reports
// whether r ended (io.EOF) within them.
func readUpTo(r io.Reader, b []byte, n int64) ([]byte, bool, error) {
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
			return b, true, nil
		}
		if err != nil {
			return b, false, err
		}
	}
	return b, false, nil
}

// bufferedBody is a 2xx answer's body, already read into a pooled buffer.
// decode unmarshals straight from its bytes; Close gives the buffer back.
type bufferedBody struct {
	buf *[]byte
	off int
}

// Read reads the body.
func (b *bufferedBody) Read(p []byte) (int, error) {
	if b.buf == nil || b.off >= len(*b.buf) {
		return 0, io.EOF
	}
	n := copy(p, (*b.buf)[b.off:])
	b.off += n
	return n, nil
}

// Close gives the buffer back to the pool. The body reads as empty after.
func (b *bufferedBody) Close() error {
	b.release()
	return nil
}

// release gives the buffer back to the pool, once.
func (b *bufferedBody) release() {
	if b.buf != nil {
		putBuffer(b.buf)
		b.buf = nil
	}
}
