package api_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/internal/difftest"
)

// rawInvite is a valid invite body whose last field is extra, JSON text.
func rawInvite(id, extra string) string {
	return `{"object":"organization.invite","id":"` + id + `","email":"a@example.com","role":"reader","status":"pending",` +
		`"created_at":1711471533,"projects":[{"id":"proj_1","role":"member"` + extra + `}]}`
}

// serveRaw returns a client whose server answers every request with status
// and body.
func serveRaw(t *testing.T, status int, body string) *api.Client {
	t.Helper()
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}, api.WithMaxRetries(0))
	return c
}

func TestCaseVariantKeysAreRefused(t *testing.T) {
	t.Parallel()
	del := func(c *api.Client) error { _, err := c.DeleteInvite(context.Background(), "invite-1"); return err }
	get := func(c *api.Client) error { _, err := c.GetInvite(context.Background(), "invite-1"); return err }
	list := func(c *api.Client) error { _, err := c.ListInvites(context.Background(), nil); return err }
	walk := func(c *api.Client) error {
		for _, err := range c.AllInvites(context.Background(), nil) {
			if err != nil {
				return err
			}
		}
		return errors.New("the walk ended without an error")
	}
	const deleted = `{"object":"organization.invite.deleted","id":"invite-1",`
	page := func(hasMore string, data ...string) string {
		return `{"object":"list","data":[` + strings.Join(data, ",") + `],` + hasMore + `}`
	}
	tests := map[string]struct {
		body  string
		calls []func(*api.Client) error
		want  string
	}{
		"Deleted after deleted":        {deleted + `"deleted":false,"Deleted":true}`, []func(*api.Client) error{del}, `"Deleted" is a case variant of "deleted"`},
		"Deleted before deleted":       {deleted + `"Deleted":true,"deleted":false}`, []func(*api.Client) error{del}, `"Deleted" is a case variant of "deleted"`},
		"DELETED alone":                {deleted + `"DELETED":true}`, []func(*api.Client) error{del}, `"DELETED" is a case variant of "deleted"`},
		"an escaped variant":           {deleted + `"deleted":false,"D\u0065leted":true}`, []func(*api.Client) error{del}, `"Deleted" is a case variant`},
		"deleted twice":                {deleted + `"deleted":false,"deleted":true}`, []func(*api.Client) error{del}, `deleted appears twice`},
		"HAS_MORE":                     {page(`"has_more":true,"HAS_MORE":false`, rawInvite("invite-1", "")), []func(*api.Client) error{list, walk}, `"HAS_MORE" is a case variant of "has_more"`},
		"a long s in has_more":         {page(`"has_more":true,"haſ_more":false`, rawInvite("invite-1", "")), []func(*api.Client) error{list, walk}, `"haſ_more" is a case variant of "has_more"`},
		"an ID in data[1]":             {page(`"has_more":false`, rawInvite("invite-1", ""), strings.Replace(rawInvite("invite-2", ""), `"email"`, `"ID":"invite-9","email"`, 1)), []func(*api.Client) error{list, walk}, `data[1]."ID" is a case variant of "id"`},
		"a Role in projects[0]":        {rawInvite("invite-1", `,"Role":"owner"`), []func(*api.Client) error{get}, `projects[0]."Role" is a case variant of "role"`},
		"an ID in data[0].projects[0]": {page(`"has_more":false`, rawInvite("invite-1", `,"ID":"x"`)), []func(*api.Client) error{list}, `data[0].projects[0]."ID" is a case variant of "id"`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := serveRaw(t, 200, tt.body)
			for _, call := range tt.calls {
				notPromised(t, call(c), tt.want)
			}
		})
	}
}

// TestKeysEncodingJSONDoesNotReadAreUnknown answers with keys that look like
// a field's name but that encoding/json, whose matching is Unicode simple
// case folding (strings.EqualFold), takes for no field: the dotless ı of
// "emaıl" and the dotted İ of "İD" fold to no ASCII letter, and the Kelvin
// sign is a k, which no field's name holds. They are unknown keys, accepted
// and ignored.
func TestKeysEncodingJSONDoesNotReadAreUnknown(t *testing.T) {
	t.Parallel()
	body := strings.Replace(rawInvite("invite-1", `,"İD":"x"`), `"email"`, `"emaıl":"b@example.com","\u212a":1,"email"`, 1)
	c := serveRaw(t, 200, body)
	inv, err := c.GetInvite(context.Background(), "invite-1")
	if err != nil {
		t.Fatalf("GetInvite: %v", err)
	}
	difftest.Check(t, "email and projects", []any{inv.Email, inv.Projects}, []any{"a@example.com", []api.Project{{ID: "proj_1", Role: "member"}}})
}

func TestUnknownKeysThatDifferInCaseAreAccepted(t *testing.T) {
	t.Parallel()
	c := serveRaw(t, 200, rawInvite("invite-1", `,"team":1,"TEAM":2`))
	inv, err := c.GetInvite(context.Background(), "invite-1")
	if err != nil {
		t.Fatal(err)
	}
	difftest.Check(t, "id", inv.ID, "invite-1")
}

func TestErrorBodyWithCaseVariantsIsNotTrusted(t *testing.T) {
	t.Parallel()
	c := serveRaw(t, 404, `{"error":{"type":"invalid_request_error","message":"No invite","code":"not_found","param":null,"CODE":"rate_limit_exceeded"}}`)
	_, err := c.GetInvite(context.Background(), "invite-1")
	var apiErr *api.Error
	if !errors.As(err, &apiErr) || !errors.Is(err, api.ErrNotFound) {
		t.Fatalf("err = %v, want the 404 as an *Error", err)
	}
	difftest.Check(t, "type and code", []string{apiErr.Type, apiErr.Code}, []string{"", ""})
	if !strings.Contains(apiErr.Message, "unexpected response body") {
		t.Errorf("Message = %q, want a snippet of the body", apiErr.Message)
	}
}

func TestEscapedKeysAreTheirNames(t *testing.T) {
	t.Parallel()
	c := serveRaw(t, 200, `{"obj\u0065ct":"organization.invite.deleted","\u0069d":"invite-1","deleted":true}`)
	del, err := c.DeleteInvite(context.Background(), "invite-1")
	if err != nil {
		t.Fatal(err)
	}
	difftest.Check(t, "id, deleted", []any{del.ID, del.Deleted}, []any{"invite-1", true})
}
