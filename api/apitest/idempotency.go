package apitest

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Limits of the idempotency store.
const (
	// idempotencyHeader is the request header that makes a request
	// idempotent.
	idempotencyHeader = "Idempotency-Key"
	// replayedHeader is set to "true" on an answer replayed for a repeated
	// Idempotency-Key.
	replayedHeader = "Idempotent-Replayed"
	// maxIdempotencyKeys is how many keys the store remembers; the oldest
	// is forgotten first.
	maxIdempotencyKeys = 10000
	// idempotencyKeyTTL is how long a key is remembered, by the handler's
	// clock.
	idempotencyKeyTTL = 24 * time.Hour
	// maxIdempotencyKeyLength is the longest key accepted.
	maxIdempotencyKeyLength = 255
)

// Error codes of the idempotency answers: a key sent again with a different
// body, and a key whose first request is still being served when the client
// gives up waiting.
const (
	codeIdempotencyKeyReused     = "idempotency_key_reused"
	codeIdempotencyKeyInProgress = "idempotency_key_in_progress"
)

// idemEntry is what the store remembers about one key.
type idemEntry struct {
	scope   string        // the map key
	bodySum [32]byte      // SHA-256 of the first request's body
	created time.Time     // when the first request arrived
	done    chan struct{} // closed once the first request has its answer
	resp    *response     // the answer to replay; nil if it was not kept
}

// idempotency remembers the answers to requests that carried an
// Idempotency-Key, so that a retry gets the first answer instead of acting
// twice. Keys are scoped to the admin key, the method and the path. It is
// safe for concurrent use.
type idempotency struct {
	mu      sync.Mutex
	entries map[string]*idemEntry
	order   []*idemEntry // oldest first, for eviction
}

func newIdempotency() *idempotency {
	return &idempotency{entries: map[string]*idemEntry{}}
}

// idempotencyScope derives the store's key from what scopes an
// Idempotency-Key: the admin key (the credentials alone, so that "bearer K"
// and "Bearer K" are one scope), the method and the path. It is a hash, so
// the admin key is not kept in memory as a map key.
func idempotencyScope(credentials, method, escapedPath, key string) string {
	h := sha256.New()
	for _, s := range []string{credentials, method, escapedPath, key} {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// claim returns the entry for scope. first is true when no live entry
// existed: the caller then serves the request and must call finish.
func (s *idempotency) claim(scope string, bodySum [32]byte, now time.Time) (e *idemEntry, first bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.entries[scope]; e != nil && now.Sub(e.created) < idempotencyKeyTTL {
		return e, false
	}
	for len(s.entries) >= maxIdempotencyKeys && len(s.order) > 0 {
		old := s.order[0]
		s.order[0] = nil
		s.order = s.order[1:]
		if s.entries[old.scope] == old {
			delete(s.entries, old.scope)
		}
	}
	e = &idemEntry{scope: scope, bodySum: bodySum, created: now, done: make(chan struct{})}
	s.entries[scope] = e
	s.order = append(s.order, e)
	return e, true
}

// finish records the first request's answer and wakes the requests waiting
// for it. A server error is not kept: the key is forgotten, so that a retry
// is served afresh.
func (s *idempotency) finish(e *idemEntry, resp *response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if resp.status < http.StatusInternalServerError {
		e.resp = resp
	} else if s.entries[e.scope] == e {
		delete(s.entries, e.scope)
	}
	close(e.done)
}

// len returns how many keys the store remembers.
func (s *idempotency) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}

// handle answers a request that carries an Idempotency-Key: the first
// request with a key is served by serve and its answer kept; a later one
// with the same key and body gets that answer again, marked with
// Idempotent-Replayed: true, without serve being called; one with the same
// key and another body is a 409 that must not be retried. A request that
// arrives while the first is still being served waits for its answer. now is
// the handler's clock, which dates the keys.
func (s *idempotency) handle(c *call, now func() time.Time, serve func() *response) *response {
	if resp := checkIdempotencyKey(c); resp != nil {
		return resp
	}
	key := c.req.Header.Get(idempotencyHeader)
	sum := sha256.Sum256(c.body)
	credentials, _ := bearerCredentials(c.req)
	scope := idempotencyScope(credentials, c.req.Method, c.req.URL.EscapedPath(), key)
	for {
		e, first := s.claim(scope, sum, now())
		if first {
			resp := serve()
			s.finish(e, resp)
			return resp
		}
		if e.bodySum != sum {
			return conflict(codeIdempotencyKeyReused, "",
				"The Idempotency-Key "+quote(key)+" was already used for a request with a different body; use a new key for a new request.")
		}
		select {
		case <-e.done:
		case <-c.req.Context().Done():
			resp := apiError(http.StatusConflict, typeInvalidRequest, codeIdempotencyKeyInProgress, "",
				"A request with the Idempotency-Key "+quote(key)+" is still in progress.")
			resp.header = http.Header{"X-Should-Retry": {"true"}}
			return resp
		}
		if e.resp != nil {
			return e.resp.replay()
		}
		// The first request failed with a server error and its key was
		// forgotten: serve this one afresh.
	}
}

// checkIdempotencyKey returns the 400 answer to a request with more than
// one Idempotency-Key header, or with one that is too long, else nil.
func checkIdempotencyKey(c *call) *response {
	keys := c.req.Header.Values(idempotencyHeader)
	switch {
	case len(keys) > 1:
		return badRequest("", "Send one Idempotency-Key header, not several.")
	case len(keys[0]) > maxIdempotencyKeyLength:
		return badRequest("", "The Idempotency-Key header must be at most 255 characters long.")
	}
	return nil
}

// replay returns a copy of a kept answer, marked as replayed.
func (r *response) replay() *response {
	cp := *r
	cp.header = r.header.Clone()
	if cp.header == nil {
		cp.header = http.Header{}
	}
	cp.header.Set(replayedHeader, "true")
	return &cp
}
