// Package apitest provides an in-memory fake of OpenAI's organization-invites
// API for tests, in the spirit of net/http/httptest.
//
// NewServer starts the fake on a loopback address. Point a client at
// Server.BaseURL, authenticate with the key in AdminKey, and the fake answers
// the four invite operations (list, create, retrieve, delete) from memory:
//
//	func TestSomething(t *testing.T) {
//		srv := apitest.NewServer(apitest.WithTB(t))
//		srv.AddInvite(api.Invite{Email: "ada@example.com", Role: "owner"})
//
//		// Use srv.BaseURL() and apitest.AdminKey with the client under test,
//		// then look at srv.Invites() or srv.Requests().
//	}
//
// [Testing with the fake] in the repository's documentation shows a whole
// test, the faults and the fault matrix; `invites mock-server` serves the
// same fake to clients in any language.
//
// # Validation
//
// The fake checks every request and every response against the module's
// openapi.yaml, the same description the SDK is generated from. A request
// without "Authorization: Bearer <AdminKey>" gets a 401, before anything
// else, whatever its path and method, as on the real service; a request the
// description does not allow (a limit of 0, an unknown role, a missing body)
// gets a 400 naming the offending parameter or field in error.param. So does
// a create body that gives a field twice, or writes its key in another case
// ("ROLE" beside or instead of "role"), which encoding/json would decode
// where the description sees another value. A
// response that breaks the description is a bug in the fake (or an invite a
// test stored with AddInvite that the description does not allow): the client
// gets a 500 server_error, and with WithTB the test fails.
//
// # Behaviour
//
// Invites are listed newest first in a stable order, 20 to a page by default,
// with an after cursor; deleting invites while paging is safe. WithSparsePages
// cuts each page before dropping the revoked invites, as some of OpenAI's
// other admin listings do: a page may be short, or empty with has_more true,
// and its last_id names where to continue. An invite not accepted carries
// "accepted_at": null, as in OpenAI's published example. Creating an
// invite without a projects field adds the user to the project
// DefaultProjectID; an empty projects list adds no project. A second pending
// invite for the same email is a 409 invite_exists, and an accepted invite
// cannot be deleted (409 invite_accepted); both 409s carry
// "x-should-retry: false". Every answer has a unique x-request-id header.
//
// # Idempotency
//
// A POST or DELETE that carries an Idempotency-Key header is served once:
// the fake keeps its answer, and a later request with the same key, the same
// method and path, and the same body, byte for byte, gets that answer again,
// with the header "Idempotent-Replayed: true", and changes nothing. The same
// key with a different body is a 409 with code idempotency_key_reused and
// "x-should-retry: false". A request that arrives while the first one with
// its key is still being served waits for its answer. Keys are scoped to the
// admin key, method and path; the fake remembers the last 10,000 for 24
// hours (by its clock). Answers that fail authentication or validation, and
// server errors, are not kept. Keys longer than 255 characters are a 400.
// WithoutIdempotency makes the fake ignore the header, as the service may
// (OpenAI documents no idempotency for these endpoints): a create sent again
// after its answer was lost then meets a 409 invite_exists.
//
// # Faults
//
// InjectFault makes the fake fail on purpose, for the requests that match a
// method and a path: answer an error status, with Retry-After or
// retry-after-ms if asked; redirect (301, 302, 303, 307 or 308) to the same
// path or elsewhere; add latency; drop the connection before the headers or
// after them; or spoil the body of an answer: truncated, not JSON, or JSON
// that is not the object the operation promises ({}, null, a list, an array,
// an invite without an id, a wrong "object"). The answers a fault makes up
// are sent as they are, without spec validation. A Fault is plain data with a
// text form, so that a command-line tool can take faults as flags:
//
//	srv.InjectFault(apitest.Fault{Method: "POST", Path: "/organization/invites", Times: 2, Status: 503})
//
//	f, err := apitest.ParseFault("POST /organization/invites 503 x2 retry-after-ms=10")
//
// A fault with a status answers without serving the request; a dropped
// connection or a spoiled body comes after the request was served, which is
// what makes a retry without an idempotency key dangerous. Faults are used in
// the order they were injected, and Faults shows what is left of them.
//
// # Rate limits
//
// WithRateLimit (and SetRateLimit, at run time) limits the fake as OpenAI's
// service limits its admin endpoints: per endpoint (method and path
// template, or a default for every endpoint, each with a budget of its own),
// N requests per period, as a fixed window that opens with its first request
// or as a token bucket refilled continuously. A request beyond the limit is
// answered 429 with OpenAI's body for a limit on requests (type "requests",
// code "rate_limit_exceeded") and is not served. The hints are none (as the
// service has been measured to send), Retry-After and retry-after-ms on each
// 429, or x-ratelimit-limit-requests, x-ratelimit-remaining-requests and
// x-ratelimit-reset-requests on every answer of the endpoint. A RateLimit has
// a text form, as `invites mock-server --rate-limit` takes it:
//
//	l, err := apitest.ParseRateLimit("POST /organization/invites=7/min,bucket,hints=retry-after")
//
// The limits count by the fake's clock: with a ManualClock a test steps
// through a minute at once; with the default clock a compressed limit (7
// per 700ms) runs in real time. Refused requests are in Requests, with
// RecordedRequest.RateLimit set, and RateLimited counts them.
//
// # Test hooks
//
// AddInvite, SetStatus, Invites, Requests, ResetRequests and AddSampleInvites
// set up and inspect the state without going through HTTP. WithClock and
// WithSeed make timestamps and invite IDs deterministic. Requests records
// every request, faulted ones included, with the admin key, however it is
// written, and the credentials of its Authorization header replaced by
// "[redacted]", so that a recorded request can be printed safely.
//
// NewHandler returns the fake as an http.Handler for serving it on an address
// of one's own choice, such as a stand-alone mock server; WithFaults starts
// it with faults injected, and Handler.Close ends the waits of latency
// faults, for a quick shutdown. A Server is a Handler served on loopback: it
// has all of the Handler's methods.
//
// [Testing with the fake]: https://github.com/seed-a87280d7/invites/blob/main/docs/testing.md
package apitest
