package apitest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

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
	// 200 {"created_at":1767225600,"email":"ada@example.com","expires_at":1767830400,"id":"invite-guux9catgqe4rau5yhwgfolx","object":"organization.invite","projects":[{"id":"proj_default","role":"member"}],"role":"reader","status":"pending"}
	// 409 {"error":{"code":"invite_exists","message":"A pending invite for 'ada@example.com' already exists.","param":"email","type":"invalid_request_error"}}
	// 400 {"error":{"code":null,"message":"Invalid 'limit': number must be at least 1.","param":"limit","type":"invalid_request_error"}}
	// 1 invite, 3 requests
}
