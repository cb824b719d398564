package api_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/seed-a87280d7/invites/internal/difftest"

	"github.com/seed-a87280d7/invites/api"
)

func TestSuccessfulAnswerThatDoesNotDecode(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"truncated":   `{"object":"organization.invite","id":"inv`,
		"HTML":        `<html>ok</html>`,
		"wrong types": `{"object":"organization.invite","id":42}`,
		"empty":       ``,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("x-request-id", "req_7")
				w.WriteHeader(200)
				_, _ = w.Write([]byte(body))
			})
			inv, err := c.GetInvite(context.Background(), "invite-1")
			var decErr *api.DecodeError
			if !errors.As(err, &decErr) {
				t.Fatalf("got (%v, %v), want a *DecodeError", inv, err)
			}
			difftest.Check(t, "DecodeError", []any{decErr.StatusCode, decErr.RequestID}, []any{200, "req_7"})
			if !strings.Contains(err.Error(), "200") || !strings.Contains(err.Error(), "req_7") {
				t.Fatalf("message %q lacks the status or request id", err)
			}
		})
	}
}

func TestResponseBodyIsCapped(t *testing.T) {
	t.Parallel()
	page := `{"object":"list","data":[],"has_more":false,"pad":"` + strings.Repeat("x", 4000) + `"}`
	handler := func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(page)) }

	small, _ := setup(t, handler, api.WithMaxResponseBytes(1000))
	_, err := small.ListInvites(context.Background(), nil)
	var decErr *api.DecodeError
	if !errors.As(err, &decErr) || !strings.Contains(err.Error(), "exceeds the size limit") {
		t.Fatalf("err = %v, want a *DecodeError about the size limit", err)
	}

	exact, _ := setup(t, handler, api.WithMaxResponseBytes(int64(len(page))))
	if _, err := exact.ListInvites(context.Background(), nil); err != nil {
		t.Fatalf("a body of exactly the cap failed: %v", err)
	}
}

func TestLenientDecoding(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"object":"organization.invite","id":"invite-1","email":"a@example.com",
			"role":"admin","status":"no_such_status","created_at":1,"expires_at":null,"projects":[{"id":"p","role":"viewer","new":1}],
			"brand_new_field":{"nested":[1,2,3]}}`))
	})
	inv, err := c.GetInvite(context.Background(), "invite-1")
	if err != nil {
		t.Fatalf("GetInvite: %v", err)
	}
	difftest.Check(t, "decoded invite", inv, &api.Invite{
		Object: "organization.invite", ID: "invite-1", Email: "a@example.com", Role: "admin", Status: "no_such_status",
		CreatedAt: 1, Projects: []api.Project{{ID: "p", Role: "viewer"}},
	})
	if inv.Status.Valid() {
		t.Fatalf("an unknown status must report Valid() == false")
	}
}

// TestDecodingReadsExactlyOneValue pins what a 2xx body may hold: exactly
// one JSON value, with white space around it, within the size cap. Data
// after the value, a second value or anything else, is a *DecodeError
// wrapping ErrNotPromised: the package promises one value, and a body that
// goes on is not the answer it describes.
func TestDecodingReadsExactlyOneValue(t *testing.T) {
	t.Parallel()
	invite := `{"object":"organization.invite","id":"invite-1","email":"a@example.com","role":"reader","status":"pending","created_at":1,"projects":[]}`
	const trailing = "the body goes on after its JSON value"
	for name, tc := range map[string]struct {
		body       string
		cap        int64
		wantErr    string
		notPromise bool
	}{
		"white space around":           {" \t\r\n" + invite + "\n\n", 0, "", false},
		"a second value":               {invite + `{"x":1}`, 0, trailing + ", from byte " + strconv.Itoa(len(invite)), true},
		"trailing garbage":             {invite + "garbage", 0, trailing, true},
		"garbage after white space":    {invite + "\n \ngarbage", 0, trailing + ", from byte " + strconv.Itoa(len(invite)+3), true},
		"a second value, then space":   {invite + "\n" + invite + "\n", 0, trailing, true},
		"a NUL after the value":        {invite + "\x00", 0, trailing, true},
		"garbage past the cap":         {invite + strings.Repeat(" ", 100) + "garbage", int64(len(invite)) + 10, "exceeds the size limit", false},
		"value of exactly the cap":     {invite, int64(len(invite)), "", false},
		"value longer than the cap":    {invite, int64(len(invite)) - 1, "exceeds the size limit", false},
		"truncated value":              {invite[:len(invite)-1], 0, "unexpected end of JSON input", false},
		"wrong type, then more values": {`{"id":42}` + invite, 0, trailing, true},
		"wrong type alone":             {`{"id":42}`, 0, "cannot unmarshal number", false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var opts []api.Option
			if tc.cap > 0 {
				opts = append(opts, api.WithMaxResponseBytes(tc.cap))
			}
			c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(tc.body)) }, opts...)
			inv, err := c.GetInvite(context.Background(), "invite-1")
			var decErr *api.DecodeError
			switch {
			case tc.wantErr == "" && (err != nil || inv.ID != "invite-1"):
				t.Fatalf("got (%+v, %v), want invite-1", inv, err)
			case tc.wantErr == "":
			case err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.As(err, &decErr):
				t.Fatalf("got (%+v, %v), want a *DecodeError about %q", inv, err, tc.wantErr)
			case errors.Is(err, api.ErrNotPromised) != tc.notPromise:
				t.Fatalf("errors.Is(%v, ErrNotPromised) = %v, want %v", err, !tc.notPromise, tc.notPromise)
			}
		})
	}
}
