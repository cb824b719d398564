package api

import (
	"context"
	cryptorand "crypto/rand"
	"encoding/hex"
)

// MaxIdempotencyKeyLength is the longest Idempotency-Key a caller may set.
const MaxIdempotencyKeyLength = 255

type idempotencyKeyCtx struct{}

// WithIdempotencyKey returns a context under which CreateInvite sends key as
// its Idempotency-Key header, instead of a fresh random key. Retries of one
// call always reuse its key, so a retried create never invites twice; set
// your own key to make retries across calls (or processes) safe too. A server
// that honours the header answers a repeated key with the first call's
// result, and refuses it for a request with a different body.
//
// The key must be 1 to MaxIdempotencyKeyLength printable ASCII characters
// without spaces; CreateInvite returns a *ValidationError for field
// "Idempotency-Key" otherwise, before anything is sent. An empty key means a
// fresh random one.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKeyCtx{}, key)
}

// idempotencyKey returns the caller's key from ctx, checked, or a fresh
// random one.
func idempotencyKey(ctx context.Context) (string, error) {
	key, _ := ctx.Value(idempotencyKeyCtx{}).(string)
	if key == "" {
		return newIdempotencyKey(), nil
	}
	if err := validateIdempotencyKey(key); err != nil {
		return "", err
	}
	return key, nil
}

// checkIdempotencyKey checks the caller's key in ctx, if there is one, so
// that a bad key fails a call before anything is sent.
func checkIdempotencyKey(ctx context.Context) error {
	if key, _ := ctx.Value(idempotencyKeyCtx{}).(string); key != "" {
		return validateIdempotencyKey(key)
	}
	return nil
}

// validateIdempotencyKey checks a caller's Idempotency-Key.
func validateIdempotencyKey(key string) error {
	const field = "Idempotency-Key"
	if len(key) > MaxIdempotencyKeyLength {
		return invalid(field, "must be at most 255 characters long")
	}
	for i := 0; i < len(key); i++ {
		if key[i] <= ' ' || key[i] > '~' {
			return invalid(field, "must be printable ASCII without spaces")
		}
	}
	return nil
}

// newIdempotencyKey returns a fresh random Idempotency-Key: 128 random bits,
// so two calls never share one.
func newIdempotencyKey() string {
	const prefix = "invites-"
	var b [16]byte
	_, _ = cryptorand.Read(b[:])
	var key [len(prefix) + 2*len(b)]byte
	copy(key[:], prefix)
	hex.Encode(key[len(prefix):], b[:])
	return string(key[:])
}
