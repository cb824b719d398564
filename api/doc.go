// Package api is a Go client for OpenAI's organization-invites admin API:
// list the invites of an organization, invite a user, look an invite up, and
// revoke one.
//
//	client, err := api.NewClient() // reads $OPENAI_ADMIN_KEY
//	if err != nil {
//		log.Fatal(err)
//	}
//	inv, err := client.CreateInvite(ctx, api.InviteRequest{
//		Email: "ada@example.com",
//		Role:  api.RoleReader,
//	})
//
// The types are generated from the module's openapi.yaml by oapi-codegen and
// re-exported here, so this is the only package to import. Package apitest
// runs a fake of the API, validated against the same spec, for tests.
//
// # Authentication
//
// Every request carries the organization admin key as
// "Authorization: Bearer <key>", a User-Agent naming this SDK and its version,
// and, when set, an OpenAI-Organization header. The key comes from
// WithAdminKey, else $OPENAI_ADMIN_KEY; the base URL from WithBaseURL, else
// $OPENAI_BASE_URL, else https://api.openai.com/v1; the organization from
// WithOrganization, else $OPENAI_ORG_ID. NewClient refuses a missing key,
// control characters in a header value, and plaintext http:// to a host
// that is not loopback (unless WithInsecureHTTP). The key never appears in an
// error, a log line, or a printed Client, and is never sent to another host
// after a redirect.
//
// # Validation
//
// Arguments are checked before anything is sent: an empty or malformed
// email, a role other than reader or owner, a project without an id or with
// a role other than member or owner, a limit outside 1..100, an empty invite
// id. The *ValidationError names the field and the rule, and matches
// ErrInvalidInput. Invite ids are escaped, so "a/../b" stays one path segment.
//
// # Pagination
//
// ListInvites returns one page; AllInvites walks all of them with a
// range-over-func iterator, following each page's last_id, holding one page at
// a time, and checking the context before each page. Breaking out of the loop
// stops it. A server whose pages do not add up (an empty page that claims more
// follow, or a cursor that does not move) ends the walk with an error wrapping
// ErrPagination instead of stopping silently or looping forever.
//
// # Errors
//
// Every answer that is not 2xx becomes an *Error with the status code, the
// API's type, code, param and message, and the x-request-id. It matches
// ErrNotFound (404), ErrUnauthorized (401), ErrPermissionDenied (403),
// ErrConflict (409), ErrRateLimited (429) and ErrServer (5xx) with
// errors.Is. An answer that is not an OpenAI error body, such as a proxy's
// HTML page, still becomes an *Error, with a short snippet as its message. A
// 2xx answer that does not decode, or is larger than WithMaxResponseBytes,
// gives a *DecodeError that keeps the status code and request id. A call that
// got no answer at all gives a *TransportError. Responses are decoded
// leniently: unknown fields and enum values are accepted.
//
// # Retries
//
// A call is retried at most WithMaxRetries times (default 2) when retrying is
// safe and useful: after a refused, reset or dropped connection or an attempt
// timeout (WithRequestTimeout, default 60 s), and after 408, 409, 429, 500,
// 502, 503 and 504. 400, 401, 403, 404 and 422 are never retried. A server's
// x-should-retry: true or false overrides the status. The wait is the
// server's retry-after-ms, else its Retry-After (seconds or an HTTP date),
// else an exponential backoff from 0.5 s doubling to at most 8 s, shortened by
// up to a quarter at random. A server that asks for more than
// WithMaxRetryDelay (default 60 s) gets no retry: the call ends at once with
// the *Error, whose RetryAfter holds the wait asked for. No wait runs past the
// context's deadline: the call ends at once with the last error, which then
// also matches context.DeadlineExceeded. Every create carries an
// Idempotency-Key that stays the same across its retries, so a retried create
// never invites twice (see WithIdempotencyKey).
package api
