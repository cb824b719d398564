package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/bulk"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// errStaleReplay is the cause of a row's failure when the service answers a
// create with an invite that no longer exists.
var errStaleReplay = errors.New("no longer exists")

// sendImport sends the planned rows, N at a time, and fills in the outcome
// of every row: the rows that were sent, and those that a stop left unknown
// or not sent.
func (c *cli) sendImport(ctx context.Context, client *api.Client, rows []importRow, plan importPlan, o *bulkOptions, name string) bulk.Run {
	if len(plan.toSend) == 0 {
		return bulk.Run{}
	}
	created := make([]createdRow, len(plan.toSend)) // by position in toSend
	runner := c.newRunner(o, "importing "+output.Printable(name), createEndpoint, len(plan.toSend))
	run := runner.Run(ctx, len(plan.toSend), func(ctx context.Context, k int) error {
		i := plan.toSend[k]
		row, err := createRow(ctx, client, rows[i], plan.results[i].Attempt, o.pace)
		created[k] = row
		return err
	}, func(k int, err error) bulk.Outcome {
		res := plan.results[plan.toSend[k]]
		var apiErr *api.Error
		switch {
		case err == nil:
			res.Result, res.InviteID, res.Reason = bulk.Created, created[k].id, created[k].reason
		case errors.Is(err, api.ErrOutcomeUnknown):
			// A request whose answer was lost met a pending invite that
			// could not be found: it may or may not have made it.
			res.Result, res.Reason = bulk.Failed, "outcome unknown: a request whose answer was lost may have made the invite, which looking its email up could not find; "+c.reason(err)
		case errors.As(err, &apiErr) && apiErr.Code == "invite_exists":
			res.Result, res.Reason = bulk.Skipped, reasonPending
		case errors.Is(err, errStaleReplay):
			// The attempt's key is spent: a retry must be a new attempt.
			res.Result, res.Reason, res.Attempt = bulk.Failed, c.reason(err), ""
		default:
			res.Result, res.Reason = bulk.Failed, c.reason(err)
		}
		return res.Result
	})
	for k, outcome := range run.Unfinished() {
		plan.results[plan.toSend[k]].unfinished(outcome)
	}
	return run
}

// createdRow is what createRow made: the invite's id, and the reason of a
// row whose invite an earlier request made.
type createdRow struct{ id, reason string }

// createRow invites the row's user with the row's idempotency key within
// attempt, and returns the new invite's id. An answer with an invite for
// another email is a failure, never created. A row whose attempt comes from an
// earlier run (--only-failed) may be answered with what the service answered
// then, for an invite that may have been revoked since: its invite is looked
// up, and a create answered with an invite that no longer exists fails with
// errStaleReplay instead of counting as created.
//
// A service that ignores the idempotency key answers a request sent again,
// after its answer was lost, with 409 invite_exists: the SDK then finds the
// email's pending invite, made by the earlier request, and so does it for a
// row left unknown by an earlier run; such a row is created, with
// reasonCreatedEarlier. pace, if not nil, records how long the create waited
// for the rate limit.
func createRow(ctx context.Context, client *api.Client, row importRow, attempt string, pace *pacer) (createdRow, error) {
	opts := []api.CallOption{api.WithIdempotencyKey(row.idempotencyKey(attempt))}
	if row.earlier == bulk.Unknown {
		opts = append(opts, api.WithEarlierAttemptUnknown())
	}
	var resp api.Response
	inv, err := client.CreateInvite(ctx, row.req, append(opts, api.WithResponseInto(&resp))...)
	pace.noteWait(resp)
	if err != nil {
		return createdRow{}, err
	}
	if !strings.EqualFold(inv.Email, row.req.Email) {
		return createdRow{}, fmt.Errorf("the API answered with invite %s for another email, %s: not counted as created", output.Printable(inv.ID), output.Printable(inv.Email))
	}
	var reason string
	if resp.StatusCode == http.StatusConflict {
		reason = reasonCreatedEarlier // found by the SDK: see api.CreateInvite
	}
	if row.attempt == "" {
		return createdRow{inv.ID, reason}, nil // a key of this run: the answer is to this run's request
	}
	if _, err := client.GetInvite(ctx, inv.ID); err != nil {
		if inviteNotFound(err) {
			return createdRow{}, fmt.Errorf("the service answered with invite %s, created by an earlier run of this attempt, which %w (revoked since?); import the row again: it will be a new attempt", output.Printable(inv.ID), errStaleReplay)
		}
		return createdRow{}, fmt.Errorf("checking invite %s, created by an earlier run of this attempt: %w", output.Printable(inv.ID), err)
	}
	return createdRow{inv.ID, reason}, nil
}
