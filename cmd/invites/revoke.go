package main

import (
	"context"
	"errors"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// revoke deletes the invite, and fails unless the answer says that this
// invite was deleted: an answer of deleted: false is never a revoke (the SDK
// itself refuses an answer about another invite). The failure names the
// answer's request id, when it has one. pace, if not nil, records how long
// the call waited for the rate limit.
func revoke(ctx context.Context, client *api.Client, id string, pace *pacer) error {
	var answer api.Response
	resp, err := client.DeleteInvite(ctx, id, api.WithResponseInto(&answer))
	pace.noteWait(answer)
	if err != nil {
		return err
	}
	if resp.Deleted {
		return nil
	}
	msg := "the API answered deleted: false: the invite was not revoked"
	if answer.RequestID != "" {
		msg += " (request_id=" + output.Printable(answer.RequestID) + ")"
	}
	return errors.New(msg)
}
