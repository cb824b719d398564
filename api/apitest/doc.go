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
// # Validation
//
// The fake checks every request and every response against the module's
// openapi.yaml, the same description the SDK is generated from. A request
// without "Authorization: Bearer <AdminKey>" gets a 401; a request the
// description does not allow (a limit of 0, an unknown role, a missing body)
// gets a 400 naming the offending parameter or field in error.param. A
// response that breaks the description is a bug in the fake (or an invite a
// test stored with AddInvite that the description does not allow): the client
// gets a 500 server_error, and with WithTB the test fails.
//
// # Behaviour
//
// Invites are listed newest first in a stable order, 20 to a page by default,
// with an after cursor; deleting invites while paging is safe. Creating an
// invite without a projects field adds the user to the project
// DefaultProjectID; an empty projects list adds no project. A second pending
// invite for the same email is a 409 invite_exists, and an accepted invite
// cannot be deleted (409 invite_accepted); both 409s carry
// "x-should-retry: false". Every answer has a unique x-request-id header.
//
// # Test hooks
//
// AddInvite, SetStatus, Invites, Requests, ResetRequests and AddSampleInvites
// set up and inspect the state without going through HTTP. WithClock and
// WithSeed make timestamps and invite IDs deterministic.
//
// NewHandler returns the fake as an http.Handler for serving it on an address
// of one's own choice, such as a stand-alone mock server.
package apitest
