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
// The examples below run against that fake. The repository's documentation
// says more: [the SDK's promises], [testing with the fake], [the CLI],
// [how openapi.yaml is made], and the [changelog]. The module follows
// semantic versioning and is v0: a minor version may change the API, and
// the changelog says how to update. [Version] is the version of this module
// a program was built with, and the User-Agent of every request carries it.
//
// # Types
//
// Each request and response type (Invite, InviteRequest, InviteListResponse,
// InviteDeleteResponse, Project, ListInvitesParams) lists its fields in its
// doc comment with openapi.yaml's prose; go generate writes them from the
// spec, with the enum constants. A field's JSON name is its Go name in snake
// case (CreatedAt is created_at), and values are sent and received exactly
// as the API writes them.
// Timestamps are UnixTime: whole seconds since 1970 UTC, an integer in JSON,
// whose Time method gives a time.Time, as in inv.CreatedAt.Time(). A field
// that the API may send as null or leave out, such as ExpiresAt, is a
// pointer that is then nil. Enums are named string types
// with constants and a Valid method; a value this version does not know
// decodes without error.
//
// # Authentication
//
// Every request carries the organization admin key as
// "Authorization: Bearer <key>", a User-Agent naming this SDK and its version,
// and, when set, an OpenAI-Organization header. The key comes from
// WithAdminKey, else $OPENAI_ADMIN_KEY; the base URL from WithBaseURL, else
// $OPENAI_BASE_URL, else https://api.openai.com/v1; the organization from
// WithOrganization, else $OPENAI_ORG_ID. NewClient refuses a missing key; a
// key or organization that is not printable ASCII without spaces, or a user
// agent that is not printable ASCII (CR, LF and other control characters
// could split a header, and look-alikes such as U+2028 or a zero-width space
// would be sent as is); and plaintext http:// unless the host is certainly
// this machine, the name localhost or a loopback address, and not merely a
// name under .localhost (or unless WithInsecureHTTP). The key never appears
// in an error, a log line, or a printed Client (with any verb, by pointer or
// by value), even when a server repeats it, as it is or escaped, in a body
// of any size.
//
// # Redirects
//
// A call follows a redirect only within the origin (scheme, host and port)
// it was sent to, and only when following it resends the same request (a
// 307 or 308, or any redirect of a GET): at most 10 of them. Any other
// redirect, one to another host or port, from https to http, or a 301, 302
// or 303 that would turn a create or a delete into a GET, ends the call with
// an *Error that has the redirect's status and names the target host and
// why: nothing (no request, body, admin key or idempotency key) reaches
// another origin.
//
// # Validation
//
// Arguments are checked before anything is sent: an empty or malformed
// email, or one longer than MaxEmailLength (254) bytes, or with an invisible
// or direction-changing character (a control or Unicode format character
// such as U+200B or U+202E, named by its code point); a role other than
// reader or owner; more than MaxProjects (100) projects, a project without
// an id, with an id longer than MaxProjectIDLength (128) bytes or with such
// a character, or with a role other than member or owner; a create body
// over MaxRequestBody (32 KiB) of JSON; a limit outside 1..100, an empty
// invite id. Every bad field of a call is reported at once: the *ValidationError
// lists each field with its rule in Problems (Field and Rule are the first
// one's), names them all in its message, and matches ErrInvalidInput.
// ValidateInviteRequest and ValidateListParams run the same checks without
// a call. Invite ids are escaped, so "a/../b" stays one path segment.
//
// # Pagination
//
// ListInvites returns one page; AllInvites walks all of them with a
// range-over-func iterator, following each page's last_id, holding one page at
// a time, and checking the context before each page. Its call options apply
// to each page (retries, attempt timeout), and WithResponseInto receives the
// last page's answer; WithIdempotencyKey, which fits no GET, is refused. Breaking out of the loop
// stops it. An empty page that claims more follow continues from its
// last_id, if it names a cursor the walk has not sent: some services cut a
// page before they drop items from it. A server whose pages do not add up
// (an empty page that claims more follow and names no new last_id, or a
// cursor that the walk has already sent, which would make it go round in a
// cycle) ends the walk with an error wrapping ErrPagination instead of
// stopping silently or looping forever.
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
// got no answer at all gives a *TransportError.
//
// A call returns a value only when the answer is the object its operation
// promises: "organization.invite", "list" or "organization.invite.deleted",
// with every field that openapi.yaml marks required present and not null.
// Any other 2xx answer ({}, null, a list where an invite was expected, an
// invite without an id) gives a *DecodeError wrapping ErrNotPromised, which
// names what is missing. So does an answer with a key twice, or a key that
// differs from a field's name only in case, at any level that is decoded
// ({"deleted":false,"Deleted":true}, "has_more" beside "HAS_MORE"):
// encoding/json would let the last of them win. (An error body with such
// keys is not trusted: its *Error quotes a snippet of it.) So does a 2xx
// body that goes on after its JSON value ({…}garbage, {…}{…}): a body must
// be exactly one JSON value, with only white space around it. Otherwise
// responses are decoded leniently: unknown fields and enum values are
// accepted. A redirect that is not followed (see # Redirects) gives an
// *Error with its status, naming the host it points to.
//
// # Retries
//
// Retries live in one place, around each call. A call is retried at most
// WithMaxRetries times (default 2; 0 disables retries) when retrying is safe
// and useful:
//
//   - after a connection refused, reset or closed before an answer (EOF), or
//     closed in the middle of a 2xx body, and after an attempt that timed
//     out (WithRequestTimeout, default 60 s, bounds each attempt, body
//     included);
//   - after 408, 409, 429, 500, 502, 503 and 504.
//
// 400, 401, 403, 404, 422 and other statuses are never retried, nor are TLS
// errors, unknown hosts or a cancelled context. A server's
// "x-should-retry: true" or "false" overrides the status.
//
// The wait before a retry is the server's retry-after-ms, else its
// Retry-After (seconds or an HTTP date), else an exponential backoff from
// 0.5 s, doubling, capped at 8 s, each wait shortened by up to a quarter at
// random (WithRetryBackoff). A server that asks for more than
// WithMaxRetryDelay (default 60 s) gets no retry: the call ends at once with
// the *Error, whose RetryAfter holds the wait asked for. The context passed
// to a method bounds the whole call, retries included; a wait that would
// pass its deadline is not started: the call ends at once with the last
// error, which then also matches context.DeadlineExceeded, and a context
// that ends during a wait ends it.
//
// Each attempt builds its request again, through the generated client, and
// so sends the same body. Every response body is read or drained (bounded)
// and closed, so that one connection carries call after call.
//
// # Rate limits
//
// OpenAI documents no rate limit for the admin endpoints; they have been
// measured at about 7 requests a minute per endpoint, answered beyond it
// with 429 and often no Retry-After or x-ratelimit header. A Client paces
// each endpoint (method and path template: creates apart from deletes)
// itself, for all the goroutines that share it:
//
//   - until a 429 or an x-ratelimit header arrives, it keeps no pace and
//     costs one atomic load a request;
//   - after a 429, every request to that endpoint waits: for the hint
//     (retry-after-ms, Retry-After, or x-ratelimit-reset-requests once
//     x-ratelimit-remaining-requests is 0) when there is one, else for a
//     pause it learns, one probe at a time, starting at the retry backoff's
//     first wait and doubling, up to 5 minutes;
//   - once a probe goes through, it keeps to the pace it learned (the
//     requests that went through before the refusal, per the time until
//     the probe did), so that later windows see about one refusal at most;
//     a refusal while it keeps a pace slows the pace, which resumes evenly,
//     not in a burst;
//   - x-ratelimit-remaining-requests and -reset-requests, on any answer,
//     are kept to before a 429 happens;
//   - a request sent when a hint's wait ended and refused again proves the
//     hint wrong: the next wait is learned, not the hint;
//   - WithRateLimit(n, per) declares a known budget, kept from the first
//     request; WithoutPacing turns pacing off, and a 429 is then retried
//     like any other retryable answer.
//
// Waiting for the limit is flow control, not a failure: a 429 met while
// pacing is sent again when the pace allows, and uses up no retry. The wait
// ends with the call's context (before a pause that would pass its
// deadline), or after WithMaxRateWait in all (default DefaultMaxRateWait,
// 10 minutes), with an *Error (status 429, matching ErrRateLimited) whose
// message says how long the call waited. Response.RateWait (see
// WithResponseInto) says how long a call waited. Each change of pace is
// reported once, never once per request: to WithPaceHook, and at info level
// through WithLogger.
//
// # Per-call options
//
// Every method takes CallOptions after its arguments, which set what the
// client's Options set, for one call:
//
//	var resp api.Response
//	inv, err := client.CreateInvite(ctx, req,
//		api.WithIdempotencyKey("import-2026-11-30-row-17"), // the same key on every run
//		api.WithRetries(5),                                 // instead of WithMaxRetries
//		api.WithAttemptTimeout(10*time.Second),             // instead of WithRequestTimeout
//		api.WithResponseInto(&resp),                        // status, x-request-id, headers
//	)
//
// # Idempotency
//
// Every POST (CreateInvite) carries an Idempotency-Key header, the same on
// each retry of one call and a fresh random one for each call, so a server
// that honours it (as package apitest's fake does) never invites twice
// because of a retry. The call option WithIdempotencyKey sets a key of one's own, to make
// retries across calls or processes just as safe. A delete carries no key:
// if its answer is lost, its retry finds the invite gone and gets
// ErrNotFound, which then means it was revoked.
//
// OpenAI documents no idempotency for these endpoints, so a server may
// ignore the key: a create retried after its answer was lost then meets a
// 409 invite_exists, and CreateInvite returns the email's pending invite,
// the one its earlier try made, instead of the error; see CreateInvite for
// when it does so, and WithEarlierAttemptUnknown and ErrOutcomeUnknown.
//
// # Logging
//
// WithLogger logs every attempt at debug level: method, path, attempt
// number, status, request id, the error of a failed attempt and the wait
// before the next one. Headers, and so the admin key, are never logged.
//
// [the SDK's promises]: https://github.com/seed-a87280d7/invites/blob/main/docs/sdk.md
// [testing with the fake]: https://github.com/seed-a87280d7/invites/blob/main/docs/testing.md
// [the CLI]: https://github.com/seed-a87280d7/invites/blob/main/docs/cli.md
// [how openapi.yaml is made]: https://github.com/seed-a87280d7/invites/blob/main/docs/spec.md
// [changelog]: https://github.com/seed-a87280d7/invites/blob/main/CHANGELOG.md
package api
