package api_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"

	"github.com/seed-a87280d7/invites/api"
)

// notPromised calls op and checks that it fails with a *DecodeError that
// wraps ErrNotPromised and names each of want.
func notPromised(t *testing.T, err error, want ...string) {
	t.Helper()
	var decErr *api.DecodeError
	if !errors.As(err, &decErr) || !errors.Is(err, api.ErrNotPromised) {
		t.Fatalf("err = %v, want a *DecodeError wrapping ErrNotPromised", err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not name %q", err, w)
		}
	}
}

// without returns a copy of m without the keys.
func without(m map[string]any, keys ...string) map[string]any {
	m = maps.Clone(m)
	for _, k := range keys {
		delete(m, k)
	}
	return m
}

// with returns a copy of m with key set to v.
func with(m map[string]any, key string, v any) map[string]any {
	m = maps.Clone(m)
	m[key] = v
	return m
}

// promiseCase is an answer that is not what was promised, and what the
// error must name.
type promiseCase struct {
	body any
	want []string
}

// runPromiseCases serves each case's body with a 200 and checks that every
// one of calls fails with a *DecodeError wrapping ErrNotPromised that names
// what the case wants.
func runPromiseCases(t *testing.T, tests map[string]promiseCase, calls ...func(*api.Client) error) {
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, tt.body) })
			for _, call := range calls {
				notPromised(t, call(c), tt.want...)
			}
		})
	}
}

func TestInviteAnswerMustBeAnInvite(t *testing.T) {
	t.Parallel()
	inv := inviteJSON("invite-1")
	tests := map[string]promiseCase{
		"{}":               {map[string]any{}, []string{`want "organization.invite"`, "missing, null or empty: object, id, email, role, status, created_at, projects"}},
		"null":             {nil, []string{"missing, null or empty: object, id, email, role, status, created_at, projects"}},
		"a list":           {map[string]any{"object": "list", "data": []any{inv}, "has_more": false}, []string{`object is "list"`, "missing, null or empty: id, email"}},
		"a deleted answer": {map[string]any{"object": "organization.invite.deleted", "id": "invite-1", "deleted": true}, []string{`object is "organization.invite.deleted"`, "missing, null or empty: email, role, status, created_at, projects"}},
		"no id":            {without(inv, "id"), []string{"missing, null or empty: id"}},
		"id null":          {with(inv, "id", nil), []string{"missing, null or empty: id"}},
		"id empty":         {with(inv, "id", ""), []string{"missing, null or empty: id"}},
		"no object":        {without(inv, "object"), []string{"missing, null or empty: object"}},
		"no created_at":    {without(inv, "created_at"), []string{"missing, null or empty: created_at"}},
		"created_at null":  {with(inv, "created_at", nil), []string{"missing, null or empty: created_at"}},
		"no projects":      {without(inv, "projects"), []string{"missing, null or empty: projects"}},
		"a project without a role": {with(inv, "projects", []any{map[string]any{"id": "proj_1", "role": "member"}, map[string]any{"id": "proj_2"}}),
			[]string{"missing, null or empty: projects[1].role"}},
		"an escape in the object": {with(inv, "object", "organization.invite\x1b[2J"), []string{`object is "organization.invite\x1b[2J"`}},
	}
	runPromiseCases(t, tests, func(c *api.Client) error {
		_, err := c.GetInvite(context.Background(), "invite-1")
		return err
	}, func(c *api.Client) error {
		_, err := c.CreateInvite(context.Background(), api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
		return err
	})
}

func TestListAnswerMustBeAList(t *testing.T) {
	t.Parallel()
	page := map[string]any{"object": "list", "data": []any{inviteJSON("invite-1"), inviteJSON("invite-2")}, "has_more": true, "first_id": "invite-1", "last_id": "invite-2"}
	broken := []any{inviteJSON("invite-1"), without(inviteJSON("invite-2"), "id", "created_at")}
	tests := map[string]promiseCase{
		"{}":                      {map[string]any{}, []string{`want "list"`, "missing, null or empty: object, data, has_more"}},
		"an invite":               {inviteJSON("invite-1"), []string{`object is "organization.invite"`, "missing, null or empty: data, has_more"}},
		"no has_more":             {without(page, "has_more"), []string{"missing, null or empty: has_more"}},
		"has_more null":           {with(page, "has_more", nil), []string{"missing, null or empty: has_more"}},
		"no data":                 {without(page, "data"), []string{"missing, null or empty: data"}},
		"an invite without an id": {with(page, "data", broken), []string{"missing, null or empty: data[1].id, data[1].created_at"}},
		"a list in the list":      {with(page, "data", []any{page}), []string{`data[0].object is "list"`, "data[0].id"}},
	}
	runPromiseCases(t, tests, func(c *api.Client) error {
		_, err := c.ListInvites(context.Background(), nil)
		return err
	}, func(c *api.Client) error {
		var errs []error
		for _, err := range c.AllInvites(context.Background(), nil) {
			errs = append(errs, err)
		}
		if len(errs) != 1 {
			return fmt.Errorf("AllInvites yielded %d values, want the one error: %v", len(errs), errs)
		}
		return errs[0]
	})
}

func TestDeleteAnswerMustBeADeletedAnswer(t *testing.T) {
	t.Parallel()
	deleted := map[string]any{"object": "organization.invite.deleted", "id": "invite-1", "deleted": true}
	tests := map[string]promiseCase{
		"{}":           {map[string]any{}, []string{`want "organization.invite.deleted"`, "missing, null or empty: object, id, deleted"}},
		"an invite":    {inviteJSON("invite-1"), []string{`object is "organization.invite"`, "missing, null or empty: deleted"}},
		"no deleted":   {without(deleted, "deleted"), []string{"missing, null or empty: deleted"}},
		"deleted null": {with(deleted, "deleted", nil), []string{"missing, null or empty: deleted"}},
		"no id":        {without(deleted, "id"), []string{"missing, null or empty: id"}},
	}
	runPromiseCases(t, tests, func(c *api.Client) error {
		_, err := c.DeleteInvite(context.Background(), "invite-1")
		return err
	})
}

func TestPromisedAnswersStillDecodeWhatTheAPIMayAdd(t *testing.T) {
	t.Parallel()
	// A new field, a new status and role, false and zero values sent as
	// such: the answer is what was promised.
	inv := with(with(with(inviteJSON("invite-1"), "status", "suspended"), "role", "auditor"), "team", map[string]any{"id": "t1"})
	inv = with(inv, "created_at", 0)
	page := map[string]any{"object": "list", "data": []any{inv}, "has_more": false, "first_id": "invite-1", "last_id": "invite-1", "next_page": "x"}
	notDeleted := map[string]any{"object": "organization.invite.deleted", "id": "invite-1", "deleted": false, "reason": "accepted"}
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodDelete:
			writeJSON(w, 200, notDeleted)
		case strings.HasSuffix(r.URL.Path, "/invites"):
			writeJSON(w, 200, page)
		default:
			writeJSON(w, 200, inv)
		}
	})
	got, err := c.GetInvite(context.Background(), "invite-1")
	if err != nil {
		t.Fatal(err)
	}
	difftest.Check(t, "status, role and created_at", []any{got.Status, got.Role, got.CreatedAt}, []any{api.InviteStatus("suspended"), api.Role("auditor"), api.UnixTime(0)})
	list, err := c.ListInvites(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	difftest.Check(t, "has_more", list.HasMore, false)
	del, err := c.DeleteInvite(context.Background(), "invite-1")
	if err != nil {
		t.Fatal(err)
	}
	difftest.Check(t, "deleted", del.Deleted, false)
}

// TestAnswerAboutAnotherInviteIsRefused checks that a get or a delete
// answered about another invite is not taken for an answer about the one
// asked for (a delete of invite-1 answered "invite-2 deleted" says nothing
// of invite-1), and that it is not retried.
func TestAnswerAboutAnotherInviteIsRefused(t *testing.T) {
	t.Parallel()
	c, srv := setup(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-request-id", "req_other")
		if r.Method == http.MethodDelete {
			writeJSON(w, 200, map[string]any{"object": "organization.invite.deleted", "id": "invite-2", "deleted": true})
			return
		}
		writeJSON(w, 200, inviteJSON("invite-2"))
	})
	var resp api.Response
	_, err := c.GetInvite(context.Background(), "invite-1", api.WithResponseInto(&resp))
	notPromised(t, err, `an answer about invite "invite-2", not "invite-1"`, "request_id=req_other")
	if resp.StatusCode != 200 || resp.RequestID != "req_other" {
		t.Errorf("WithResponseInto got %d %q, want the 200 answer req_other", resp.StatusCode, resp.RequestID)
	}
	deleted, err := c.DeleteInvite(context.Background(), "invite-1")
	notPromised(t, err, `an answer about invite "invite-2", not "invite-1"`)
	if deleted != nil {
		t.Errorf("DeleteInvite returned %+v beside its error, want nil", deleted)
	}
	if got := srv.hits.Load(); got != 2 {
		t.Errorf("the server saw %d requests, want 2: such an answer is not retried", got)
	}
}
