package apitest_test

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
)

// ExampleWithRateLimit limits creates to 2 a minute, as a fixed window with
// Retry-After, on a clock the example moves: the third create is refused
// until the minute is over, and nothing waits.
func ExampleWithRateLimit() {
	clock := apitest.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	limit, err := apitest.ParseRateLimit("POST /organization/invites=2/min,hints=retry-after")
	if err != nil {
		panic(err)
	}
	srv := apitest.NewServer(apitest.WithClock(clock.Now), apitest.WithRateLimit(limit))
	defer srv.Close()

	create := func(email string) {
		req, err := http.NewRequest(http.MethodPost, srv.BaseURL()+"/organization/invites",
			strings.NewReader(`{"email":"`+email+`","role":"reader"}`))
		if err != nil {
			panic(err)
		}
		req.Header.Set("Authorization", "Bearer "+apitest.AdminKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := srv.Client().Do(req)
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
		fmt.Printf("%s %d Retry-After=%q\n", email, resp.StatusCode, resp.Header.Get("Retry-After"))
	}

	create("ada@example.com")
	clock.Advance(15 * time.Second)
	create("grace@example.com")
	create("alan@example.com") // the window opened 15s ago: 45s to go
	clock.Advance(45 * time.Second)
	create("alan@example.com")
	fmt.Println(len(srv.Invites()), "invites,", srv.RateLimited(), "refused:", srv.Requests()[2].RateLimit)
	// Output:
	// ada@example.com 200 Retry-After=""
	// grace@example.com 200 Retry-After=""
	// alan@example.com 429 Retry-After="45"
	// alan@example.com 200 Retry-After=""
	// 3 invites, 1 refused: POST /organization/invites=2/1m,hints=retry-after
}
