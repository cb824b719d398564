package api

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/seed-a87280d7/invites/gen"
)

// awkwardIDs are invite ids that need escaping, or that a careless path
// join would turn into more than one segment.
var awkwardIDs = []string{
	"invite-abc", "a/../b", "a/b", "..a", "a..", "...", "%", "%2F", "a%2Fb", "a b", "a+b", "a?b=c", "a#b",
	"a;b", "a,b", "a:b", "a@b", "a&b=c", "~user", "ünïcødé", "日本", "\x00", "\x7f", "a\nb", `a"b`, "a\\b", "{id}",
}

// bases are base URLs with and without a path prefix, some needing escapes.
var bases = []string{
	"https://api.openai.com/v1",
	"https://gateway.example.com/openai/v1",
	"http://127.0.0.1:8080/v1",
	"https://gateway.example.com/a%20b/v1",
	"https://gateway.example.com",
}

// TestRoutesMatchTheGeneratedBuilders checks that the requests the client
// builds from its routes are the ones the generated builders make.
func TestRoutesMatchTheGeneratedBuilders(t *testing.T) {
	t.Parallel()
	for _, base := range bases {
		c, err := NewClient(WithAdminKey("k"), WithBaseURL(base))
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		server := c.gen.Server
		for _, id := range awkwardIDs {
			checkItemRoute(t, c, server, id)
		}
		for _, req := range []InviteRequest{
			{Email: "a@example.com", Role: RoleReader},
			{Email: "a@example.com", Role: RoleOwner, Projects: []Project{}},
			{Email: "<a&b>@example.com", Role: RoleReader, Projects: []Project{{ID: "p\u2028", Role: ProjectRoleOwner}}},
		} {
			want, err := gen.NewInviteUserRequest(server, req)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.newCreateRequest(t.Context(), req)
			if err != nil {
				t.Fatal(err)
			}
			sameRequest(t, got, want)
		}
	}
}

func checkItemRoute(t *testing.T, c *Client, server, id string) {
	t.Helper()
	for _, pair := range []struct {
		route itemRoute
		build func(string, string) (*http.Request, error)
	}{
		{c.routes.retrieve, gen.NewRetrieveInviteRequest},
		{c.routes.delete, gen.NewDeleteInviteRequest},
	} {
		want, wantErr := pair.build(server, id)
		got, gotErr := c.newItemRequest(t.Context(), pair.route, id)
		if (wantErr == nil) != (gotErr == nil) {
			t.Fatalf("id %q: the generated builder says %v, the route %v", id, wantErr, gotErr)
		}
		if wantErr == nil {
			sameRequest(t, got, want)
		}
	}
}

// sameRequest compares what reaches the wire: method, URL, headers, body.
func sameRequest(t *testing.T, got, want *http.Request) {
	t.Helper()
	if got.Method != want.Method || got.URL.String() != want.URL.String() || got.URL.EscapedPath() != want.URL.EscapedPath() {
		t.Fatalf("built %s %s, the generated builder %s %s", got.Method, got.URL, want.Method, want.URL)
	}
	if g, w := got.Header.Get("Content-Type"), want.Header.Get("Content-Type"); g != w || len(got.Header) != len(want.Header) {
		t.Fatalf("headers %v, the generated builder's %v", got.Header, want.Header)
	}
	if (got.Body == nil) != (want.Body == nil) {
		t.Fatalf("body %v, the generated builder's %v", got.Body, want.Body)
	}
	if got.Body != nil {
		g, _ := io.ReadAll(got.Body)
		w, _ := io.ReadAll(want.Body)
		if !bytes.Equal(g, w) || got.ContentLength != want.ContentLength {
			t.Fatalf("body %s (%d), the generated builder's %s (%d)", g, got.ContentLength, w, want.ContentLength)
		}
	}
}

func FuzzItemRoute(f *testing.F) {
	for _, id := range awkwardIDs {
		f.Add(id)
	}
	c, err := NewClient(WithAdminKey("k"), WithBaseURL(bases[1]))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, id string) {
		if validateInviteID(id) != nil {
			t.Skip()
		}
		checkItemRoute(t, c, c.gen.Server, id)
	})
}
