package main

import (
	"context"
	"errors"
	"fmt"
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
	created := make([]string, len(plan.toSend)) // invite ids, by position in toSend
	runner := c.newRunner(o, "importing "+output.Printable(name), createEndpoint, len(plan.toSend))
	run := runner.Run(ctx, len(plan.toSend), func(ctx context.Context, k int) error {
		i := plan.toSend[k]
		id, err := createRow(ctx, client, rows[i], plan.results[i].Attempt, o.pace)
		created[k] = id
		return err
	}, func(k int, err error) bulk.Outcome {
		res := plan.results[plan.toSend[k]]
		var apiErr *api.Error
		switch {
		case err == nil:
			res.Result, res.InviteID = bulk.Created, created[k]
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

// createRow invites the row's user with the row's idempotency key within
// attempt, and returns the new invite's id. An answer with an invite for
// another email is a failure, never created. A row whose attempt comes from an
// earlier run (--only-failed) may be answered with what the service answered
// then, for an invite that may have been revoked since: its invite is looked
// up, and a create answered with an invite that no longer exists fails with
// errStaleReplay instead of counting as created. pace, if not nil, records
// how long the create waited for the rate limit.
func createRow(ctx context.Context, client *api.Client, row importRow, attempt string, pace *pacer) (string, error) {
	waited, done := pace.call()
	inv, err := client.CreateInvite(ctx, row.req, api.WithIdempotencyKey(row.idempotencyKey(attempt)), waited)
	done()
	if err != nil {
		return "", err
	}
	if !strings.EqualFold(inv.Email, row.req.Email) {
		return "", fmt.Errorf("the API answered with invite %s for another email, %s: not counted as created", output.Printable(inv.ID), output.Printable(inv.Email))
	}
	if row.attempt == "" {
		return inv.ID, nil // a key of this run: the answer is to this run's request
	}
	if _, err := client.GetInvite(ctx, inv.ID); err != nil {
		if inviteNotFound(err) {
			return "", fmt.Errorf("the service answered with invite %s, created by an earlier run of this attempt, which %w (revoked since?); import the row again: it will be a new attempt", output.Printable(inv.ID), errStaleReplay)
		}
		return "", fmt.Errorf("checking invite %s, created by an earlier run of this attempt: %w", output.Printable(inv.ID), err)
	}
	return inv.ID, nil
}
