package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/seed-a87280d7/invites/api"
)

// The SDK checks a create request before it sends anything, but exports no
// function that only checks. checkInviteRequest gets the SDK's own rules
// anyway: it calls CreateInvite on a client whose transport refuses every
// request. A request the SDK rejects gives its *api.ValidationError; a
// request it accepts reaches the transport, which answers errChecked, and
// nothing leaves the process.

// errChecked is what the refusing transport answers.
var errChecked = errors.New("request passed validation; not sent")

// refuseTransport is an http.RoundTripper that sends nothing.
type refuseTransport struct{}

func (refuseTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return nil, errChecked
}

var checker = sync.OnceValues(func() (*api.Client, error) {
	return api.NewClient(
		api.WithAdminKey("unused"),
		api.WithBaseURL("http://127.0.0.1/v1"),
		api.WithMaxRetries(0),
		api.WithHTTPClient(&http.Client{Transport: refuseTransport{}}),
	)
})

// checkInviteRequest checks req with the SDK's rules without sending it. It
// returns nil or the *api.ValidationError.
func checkInviteRequest(req api.InviteRequest) error {
	client, err := checker()
	if err != nil {
		return fmt.Errorf("setting up validation: %w", err)
	}
	_, err = client.CreateInvite(context.Background(), req)
	if errors.Is(err, errChecked) {
		return nil
	}
	var ve *api.ValidationError
	if errors.As(err, &ve) {
		return ve
	}
	return fmt.Errorf("validating the request: %w", err)
}
