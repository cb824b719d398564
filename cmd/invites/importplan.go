package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/bulk"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// importResult is the outcome of one row.
type importResult struct {
	row      importRow
	Result   bulk.Outcome
	InviteID string
	Reason   string
	// Attempt names the attempt that sent the row, so that --only-failed
	// sends a failed or unknown row again with the same idempotency key.
	Attempt string
}

// importLayout is how import's results, with these columns, give way on a
// narrow terminal: the email, the key of a row, and the invite id are never
// cut; the reason may be cut; the attempt, the file's own extra columns,
// the projects, the role, the line, the reason and the result are left out
// in that order.
func importLayout(columns []string) output.Layout {
	drop := []string{"attempt"}
	for _, c := range columns {
		if !slices.Contains(importColumns, c) && !slices.Contains(resultsColumns, c) {
			drop = append(drop, c)
		}
	}
	return output.Layout{
		Whole: []string{"email", "invite_id"},
		Cut:   []string{"reason"},
		Drop:  append(drop, "projects", "role", "line", "reason", "result"),
	}
}

// Values returns the row's cells: the input's, then the outcome's.
func (r *importResult) Values() []any {
	v := []any{r.row.req.Email, string(r.row.req.Role), projectList(r.row.req.Projects)}
	for _, c := range r.row.extra {
		v = append(v, c.value)
	}
	var line any = r.row.line
	if r.row.resultLine != "" {
		line = r.row.resultLine
	}
	return append(v, line, string(r.Result), r.InviteID, r.Reason, r.Attempt)
}

// Outcome is the row's outcome, such as created or failed.
func (r *importResult) Outcome() bulk.Outcome { return r.Result }

// unfinished marks the row as its run left it: unknown when its request was
// in flight, keeping its attempt so that a retry sends the same key, or
// not_sent, keeping only an attempt it came with.
func (r *importResult) unfinished(o bulk.Outcome) {
	r.Result, r.Reason = o, o.Reason()
	if o == bulk.NotSent {
		r.Attempt = r.row.attempt
	}
}

// newAttempt returns a fresh attempt id: 128 random bits, so that no two
// runs share one.
func newAttempt() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// idempotencyKey is the row's Idempotency-Key within attempt. The same
// attempt and row always give the same key, so that sending a row again (after
// a rate limit, or with --only-failed) can never invite twice; a new run is a
// new attempt, so the service never answers it with what it answered an
// earlier run, whose invite may have been revoked since. The order of the
// projects and the case of the email do not change the key.
func (r importRow) idempotencyKey(attempt string) string {
	projects := slices.Clone(r.req.Projects)
	slices.SortFunc(projects, func(a, b api.Project) int { return strings.Compare(a.ID, b.ID) })
	sum := sha256.Sum256([]byte(attempt + "\x00" + strings.ToLower(r.req.Email) + "\x00" + string(r.req.Role) + "\x00" + projectList(projects).String()))
	return "invites-import-" + hex.EncodeToString(sum[:16])
}

// pendingInvites walks every invite once and returns the pending ones' ids
// by emailKey, so that an email matches as the service matches it.
func pendingInvites(ctx context.Context, client *api.Client) (map[string]string, error) {
	pending := map[string]string{}
	for inv, err := range client.AllInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(walkPageSize)}) {
		if err != nil {
			return nil, fmt.Errorf("listing the invites to skip: %w", err)
		}
		if inv.Status == api.InviteStatusPending {
			pending[emailKey(inv.Email)] = inv.ID
		}
	}
	return pending, nil
}

// importPlan is what an import does with each row, decided before anything
// is sent.
type importPlan struct {
	results []*importResult // one a row, in input order
	toSend  []int           // the rows to send, by index
}

// planImport skips the rows whose email has a pending invite, marks the
// others would_create in a dry run, and otherwise lists them to send as part
// of their own attempt (from --only-failed) or else attempt.
func planImport(rows []importRow, pending map[string]string, dryRun bool, attempt string) importPlan {
	plan := importPlan{results: make([]*importResult, len(rows))}
	for i, row := range rows {
		res := &importResult{row: row}
		plan.results[i] = res
		switch id, ok := pending[emailKey(row.req.Email)]; {
		case ok && row.earlier == bulk.Unknown:
			// The row's request was in flight when its run stopped, after
			// that run found no pending invite for the email: the invite
			// that exists now is the one it made.
			res.Result, res.InviteID, res.Reason, res.Attempt = bulk.Created, id, reasonCreatedEarlier, row.attempt
		case ok:
			res.Result, res.InviteID, res.Reason = bulk.Skipped, id, reasonPending
		case dryRun:
			res.Result = bulk.WouldCreate
		default:
			res.Attempt = cmp.Or(row.attempt, attempt)
			plan.toSend = append(plan.toSend, i)
		}
	}
	return plan
}

// reasonPending is the reason of a row skipped for its pending invite.
const reasonPending = "a pending invite already exists"

// reasonCreatedEarlier is the reason of a row created by an earlier request
// of its attempt whose answer was lost: found by its email.
const reasonCreatedEarlier = "created by an earlier request whose answer was lost; found by its email"
