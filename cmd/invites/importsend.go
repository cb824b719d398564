package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/seed-a87280d7/invites/api"
)

// errStaleReplay is the cause of a row's failure when the service answers a
// create with an invite that no longer exists.
var errStaleReplay = errors.New("no longer exists")

// sendImport sends the planned rows, N at a time, and fills in their
// results. It returns which rows finished, by index: every row that was not
// to be sent, and every sent row whose outcome is known.
func (c *cli) sendImport(ctx context.Context, client *api.Client, rows []importRow, plan importPlan, o *importOptions, name string) []bool {
	finished := make([]bool, len(rows))
	for i, res := range plan.results {
		finished[i] = res.Result != ""
	}
	if len(plan.toSend) == 0 {
		return finished
	}
	prog := newProgress(c.stderr, c.stderrTerminal, "importing "+printable(name), len(plan.toSend))
	created := make([]string, len(plan.toSend)) // invite ids, by position in toSend
	p := c.newPool(o.concurrency, prog)
	p.run(ctx, len(plan.toSend), func(ctx context.Context, k int) error {
		i := plan.toSend[k]
		id, err := createRow(ctx, client, rows[i], plan.results[i].Attempt)
		created[k] = id
		return err
	}, func(k int, err error) {
		i := plan.toSend[k]
		res := plan.results[i]
		var apiErr *api.Error
		switch {
		case err == nil:
			res.Result, res.InviteID = resultCreated, created[k]
		case errors.As(err, &apiErr) && apiErr.Code == "invite_exists":
			res.Result, res.Reason = resultSkipped, reasonPending
		case errors.Is(err, errStaleReplay):
			// The attempt's key is spent: a retry must be a new attempt.
			res.Result, res.Reason, res.Attempt = resultFailed, reason(err), ""
		default:
			res.Result, res.Reason = resultFailed, reason(err)
		}
		finished[i] = true
		prog.add(res.Result)
	})
	prog.clear()
	return finished
}

// newPool returns the pool of a bulk command, which tells prog of each pause
// for a rate limit and abandons its requests at a hard stop.
func (c *cli) newPool(workers int, prog *progress) *pool {
	return &pool{workers: workers, firstWait: c.rateLimitWait, hardStop: c.hardStop, paused: func(wait time.Duration) {
		prog.note(fmt.Sprintf("invites: rate limited (429): pausing all requests for %s", wait.Round(time.Millisecond)))
	}, stopping: func() {
		prog.note("invites: interrupted: finishing the requests in flight; press Ctrl-C again to stop at once")
	}}
}

// createRow invites the row's user with the row's idempotency key within
// attempt, and returns the new invite's id. A row whose attempt comes from an
// earlier run (--only-failed) may be answered with what the service answered
// then, for an invite that may have been revoked since: its invite is looked
// up, and a create answered with an invite that no longer exists fails with
// errStaleReplay instead of counting as created.
func createRow(ctx context.Context, client *api.Client, row importRow, attempt string) (string, error) {
	inv, err := client.CreateInvite(ctx, row.req, api.WithIdempotencyKey(row.idempotencyKey(attempt)))
	if err != nil {
		return "", err
	}
	if row.attempt == "" {
		return inv.ID, nil // a key of this run: the answer is to this run's request
	}
	if _, err := client.GetInvite(ctx, inv.ID); err != nil {
		if errors.Is(err, api.ErrNotFound) {
			return "", fmt.Errorf("the service answered with invite %s, created by an earlier run of this attempt, which %w (revoked since?); import the row again: it will be a new attempt", printable(inv.ID), errStaleReplay)
		}
		return "", fmt.Errorf("checking invite %s, created by an earlier run of this attempt: %w", printable(inv.ID), err)
	}
	return inv.ID, nil
}
