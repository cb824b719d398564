package apitest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// Example creates an invite and lists the invites with nothing but net/http.
// A fixed seed and clock make the IDs and timestamps repeatable.
func Example() {
	srv := apitest.NewServer(
		apitest.WithSeed(42),
		apitest.WithClock(func() time.Time { return time.Unix(1767225600, 0) }),
	)
	defer srv.Close()

	call := func(method, path, body string) (int, string) {
		req, err := http.NewRequest(method, srv.BaseURL()+path, strings.NewReader(body))
		if err != nil {
			panic(err)
		}
		req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := srv.Client().Do(req)
		if err != nil {
			panic(err)
		}
		defer resp.Body.Close()
		var v map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
			panic(err)
		}
		out, _ := json.Marshal(v)
		return resp.StatusCode, string(out)
	}

	fmt.Println(call(http.MethodPost, "/organization/invites", `{"email":"ada@example.com","role":"reader"}`))
	fmt.Println(call(http.MethodPost, "/organization/invites", `{"email":"ada@example.com","role":"owner"}`))
	fmt.Println(call(http.MethodGet, "/organization/invites?limit=0", ""))
	fmt.Println(len(srv.Invites()), "invite,", len(srv.Requests()), "requests")
	// Output:
	// 200 {"accepted_at":null,"created_at":1767225600,"email":"ada@example.com","expires_at":1767830400,"id":"invite-guux9catgqe4rau5yhwgfolx","object":"organization.invite","projects":[{"id":"proj_default","role":"member"}],"role":"reader","status":"pending"}
	// 409 {"error":{"code":"invite_exists","message":"A pending invite for 'ada@example.com' already exists.","param":"email","type":"invalid_request_error"}}
	// 400 {"error":{"code":null,"message":"Invalid 'limit': number must be at least 1.","param":"limit","type":"invalid_request_error"}}
	// 1 invite, 3 requests
}

// ExampleServer_InjectFault is the shape of a test of code that must
// survive an outage: the first create answers 503, the client retries with
// the same Idempotency-Key, and the user is invited once.
func ExampleServer_InjectFault() {
	srv := apitest.NewServer() // in a test: apitest.NewServer(apitest.WithTB(t))
	defer srv.Close()
	client, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()),
		api.WithRetryBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		panic(err)
	}
	if err := srv.InjectFault(apitest.Fault{Method: "POST", Path: "/organization/invites", Times: 1, Status: 503}); err != nil {
		panic(err)
	}

	inv, err := client.CreateInvite(context.Background(), api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
	if err != nil {
		panic(err)
	}
	reqs := srv.Requests()
	fmt.Println(inv.Email, len(srv.Invites()), "invite,", len(reqs), "attempts")
	fmt.Println("same key:", reqs[0].Header.Get("Idempotency-Key") == reqs[1].Header.Get("Idempotency-Key"))
	// Output:
	// ada@example.com 1 invite, 2 attempts
	// same key: true
}

// ExampleParseFault reads a fault in the text form that
// `invites mock-server --fault` takes.
func ExampleParseFault() {
	f, err := apitest.ParseFault("POST /organization/invites 429 x2 retry-after-ms=500")
	if err != nil {
		panic(err)
	}
	fmt.Println(f.Method, f.Path, f.Status, f.Times, f.RetryAfterMilliseconds)

	_, err = apitest.ParseFault("POST /organization/invites 299")
	fmt.Println(err != nil)
	// Output:
	// POST /organization/invites 429 2 500
	// true
}

// ExampleHandler_Requests shows what reached the fake, with the key
// redacted, so that a test can check what a client sent.
func ExampleHandler_Requests() {
	srv := apitest.NewServer()
	defer srv.Close()
	client, err := api.NewClient(api.WithAdminKey(apitest.AdminKey), api.WithBaseURL(srv.BaseURL()))
	if err != nil {
		panic(err)
	}
	if _, err := client.ListInvites(context.Background(), &api.ListInvitesParams{Limit: api.Ptr(5)}); err != nil {
		panic(err)
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.RawQuery, r.Header.Get("Authorization"))
	}
	// Output:
	// GET /v1/organization/invites limit=5 Bearer [redacted]
}

// ExampleHandler_AddInvite seeds the fake with an invite in a given state,
// without going through HTTP.
func ExampleHandler_AddInvite() {
	srv := apitest.NewServer()
	defer srv.Close()
	inv := srv.AddInvite(api.Invite{Email: "grace@example.com", Role: api.RoleOwner, Status: api.InviteStatusAccepted})
	fmt.Println(inv.Email, inv.Status, strings.HasPrefix(inv.ID, "invite-"))
	if err := srv.SetStatus(inv.ID, api.InviteStatusExpired); err != nil {
		panic(err)
	}
	fmt.Println(srv.Invites()[0].Status)
	// Output:
	// grace@example.com accepted true
	// expired
}
