package api_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// matrixOps are the operations the fault matrix drives, with the path their
// faults are injected on.
var matrixOps = []struct {
	name, method, path string
	call               func(ctx context.Context, c *api.Client, id string) error
}{
	{"list", "GET", "/organization/invites", func(ctx context.Context, c *api.Client, _ string) error {
		_, err := c.ListInvites(ctx, nil)
		return err
	}},
	{"get", "GET", "/organization/invites/{invite_id}", func(ctx context.Context, c *api.Client, id string) error {
		_, err := c.GetInvite(ctx, id)
		return err
	}},
	{"create", "POST", "/organization/invites", func(ctx context.Context, c *api.Client, _ string) error {
		_, err := c.CreateInvite(ctx, api.InviteRequest{Email: "ada@example.com", Role: api.RoleReader})
		return err
	}},
	{"delete", "DELETE", "/organization/invites/{invite_id}", func(ctx context.Context, c *api.Client, id string) error {
		_, err := c.DeleteInvite(ctx, id)
		return err
	}},
}

// outcome is what a call in the matrix ends with.
type outcome struct {
	err      string // "" for success, else the error as docs/testing.md names it
	attempts int    // requests the server saw
	effect   bool   // whether a create invited, or a delete revoked
}

// matrixRow is one fault and the outcome it leads to for each operation;
// byOp overrides all for the operations it names.
type matrixRow struct {
	fault string // the fault's text form, without method and path
	opts  []api.Option
	all   outcome
	byOp  map[string]outcome
}

// matrixRows is the fault matrix: every row runs against every operation
// with the default retry policy (two retries) and quick backoff.
var matrixRows = []matrixRow{
	{fault: "503 x1", all: outcome{"", 2, true}},
	{fault: "429 x1 retry-after-ms=10", all: outcome{"", 2, true}},
	{fault: "409 x1", all: outcome{"", 2, true}},
	{fault: "502 x1 body=not-json", all: outcome{"", 2, true}},
	{fault: "500 x3", all: outcome{"ErrServer", 3, false}},
	{fault: "429 x1 retry-after=120", all: outcome{"ErrRateLimited, RetryAfter 2m0s", 1, false}},
	{fault: "503 x1 header=X-Should-Retry:false", all: outcome{"ErrServer", 1, false}},
	{fault: "400 x1", all: outcome{"*Error 400", 1, false}},
	{fault: "latency=1m x1", opts: []api.Option{api.WithRequestTimeout(2 * time.Second)}, all: outcome{"", 2, true}},
	{fault: "drop=before-headers x1", all: outcome{"", 2, true},
		byOp: map[string]outcome{"delete": {"ErrNotFound", 2, true}}},
	{fault: "drop=after-headers x1", all: outcome{"", 2, true},
		byOp: map[string]outcome{"delete": {"ErrNotFound", 2, true}}},
	{fault: "drop=before-headers", all: outcome{"*TransportError", 3, true}},
	{fault: "body=truncated x1", all: outcome{"*DecodeError", 1, true}},
	{fault: "body=not-json x1", all: outcome{"*DecodeError", 1, true}},
	// A redirect within the origin: a GET follows it; a create or a delete
	// that it would turn into a GET is refused, and nothing is read from
	// where it points. One to another origin is refused for every operation
	// (TestRedirectLeavingTheOriginIsRefused checks that nothing reaches it).
	{fault: "301 x1", all: outcome{"", 2, true}, byOp: refusedRedirect(301)},
	{fault: "302 x1", all: outcome{"", 2, true}, byOp: refusedRedirect(302)},
	{fault: "303 x1", all: outcome{"", 2, true}, byOp: refusedRedirect(303)},
	{fault: "307 x1", all: outcome{"", 2, true}},
	{fault: "308 x1", all: outcome{"", 2, true}},
	{fault: "307 x1 location=https://elsewhere.invalid/v1/organization/invites", all: outcome{"*Error 307", 1, false}},
	{fault: "308 x1 location=http://elsewhere.invalid/v1/organization/invites", all: outcome{"*Error 308", 1, false}},
	// A 2xx body that is not the object the operation promises.
	{fault: "body=empty-object x1", all: outcome{"ErrNotPromised", 1, true}},
	{fault: "body=null x1", all: outcome{"ErrNotPromised", 1, true}},
	{fault: "body=list x1", all: outcome{"ErrNotPromised", 1, true}},
	{fault: "body=array x1", all: outcome{"*DecodeError", 1, true}},
	{fault: "body=no-id x1", all: outcome{"ErrNotPromised", 1, true}},
	{fault: "body=wrong-object x1", all: outcome{"ErrNotPromised", 1, true}},
}

// refusedRedirect is the outcome of a redirect with this status on the
// operations it would turn into a GET.
func refusedRedirect(status int) map[string]outcome {
	refused := outcome{fmt.Sprintf("*Error %d", status), 1, false}
	return map[string]outcome{"create": refused, "delete": refused}
}

// name describes an error as the matrix expects it.
func name(err error) string {
	var (
		apiErr *api.Error
		decErr *api.DecodeError
		trErr  *api.TransportError
	)
	switch {
	case err == nil:
		return ""
	case errors.As(err, &apiErr):
		for _, s := range []struct {
			err  error
			name string
		}{{api.ErrServer, "ErrServer"}, {api.ErrNotFound, "ErrNotFound"}, {api.ErrConflict, "ErrConflict"}} {
			if errors.Is(err, s.err) {
				return s.name
			}
		}
		if errors.Is(err, api.ErrRateLimited) {
			return "ErrRateLimited, RetryAfter " + apiErr.RetryAfter.String()
		}
		return fmt.Sprintf("*Error %d", apiErr.StatusCode)
	case errors.As(err, &decErr) && errors.Is(err, api.ErrNotPromised):
		return "ErrNotPromised"
	case errors.As(err, &decErr):
		return "*DecodeError"
	case errors.As(err, &trErr):
		return "*TransportError"
	}
	return fmt.Sprintf("%T", err)
}

// TestFaultMatrix drives every fault of matrixRows against every operation
// and checks the outcome, the attempts the server saw and the invites left:
// a success after retries or a typed error, never a panic, never a second
// invite. It also checks that the table of docs/testing.md is this matrix.
func TestFaultMatrix(t *testing.T) {
	t.Parallel()
	for _, row := range matrixRows {
		for _, op := range matrixOps {
			want := row.all
			if o, ok := row.byOp[op.name]; ok {
				want = o
			}
			t.Run(op.name+"/"+row.fault, func(t *testing.T) {
				t.Parallel()
				srv := apitest.NewServer(apitest.WithTB(t))
				seeded := srv.AddInvite(api.Invite{Email: "grace@example.com", Role: api.RoleOwner})
				inject(t, srv, op.method+" "+op.path+" "+row.fault)
				opts := append([]api.Option{
					api.WithAdminKey(apitest.AdminKey),
					api.WithBaseURL(srv.BaseURL()),
					api.WithHTTPClient(srv.Client()),
					api.WithRetryBackoff(time.Millisecond, 4*time.Millisecond),
					api.WithoutPacing(), // the retry policy alone; pace_test.go paces
				}, row.opts...)
				c, err := api.NewClient(opts...)
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				err = op.call(ctx, c, seeded.ID)
				if got := name(err); got != want.err {
					t.Fatalf("error %q (%v), want %q", got, err, want.err)
				}
				srv.Close() // wait for abandoned requests before counting
				if got := len(srv.Requests()); got != want.attempts {
					t.Errorf("server saw %d attempts, want %d", got, want.attempts)
				}
				wantInvites := 1
				switch {
				case op.name == "create" && want.effect:
					wantInvites = 2
				case op.name == "delete" && want.effect:
					wantInvites = 0
				}
				if got := len(srv.Invites()); got != wantInvites {
					t.Errorf("%d invites left, want %d", got, wantInvites)
				}
			})
		}
	}
	t.Run("docs", func(t *testing.T) {
		t.Parallel()
		doc, err := os.ReadFile("../docs/testing.md")
		if err != nil {
			t.Fatal(err)
		}
		const begin, end = "<!-- fault matrix: begin -->\n", "<!-- fault matrix: end -->"
		_, rest, ok1 := strings.Cut(string(doc), begin)
		got, _, ok2 := strings.Cut(rest, end)
		if want := matrixTable(); !ok1 || !ok2 || got != want {
			t.Errorf("docs/testing.md's fault matrix is not TestFaultMatrix's; put this between %q and %q:\n%s", begin, end, want)
		}
	})
}

// matrixTable renders matrixRows as the Markdown table of docs/testing.md.
func matrixTable() string {
	var b strings.Builder
	b.WriteString("| Fault on the operation's method and path | list | get | create | delete |\n")
	b.WriteString("| --- | --- | --- | --- | --- |\n")
	for _, row := range matrixRows {
		fmt.Fprintf(&b, "| `%s`", row.fault)
		if len(row.opts) > 0 {
			b.WriteString(", attempt timeout 2s")
		}
		for _, op := range matrixOps {
			o := row.all
			if byOp, ok := row.byOp[op.name]; ok {
				o = byOp
			}
			cell := "ok"
			if o.err != "" {
				cell = "`" + o.err + "`"
			}
			cell += fmt.Sprintf(" · %d", o.attempts)
			switch {
			case op.name == "create" && o.effect:
				cell += " · invited once"
			case op.name == "create":
				cell += " · not invited"
			case op.name == "delete" && o.effect:
				cell += " · revoked"
			case op.name == "delete":
				cell += " · kept"
			}
			b.WriteString(" | " + cell)
		}
		b.WriteString(" |\n")
	}
	return b.String()
}

// inject injects the fault in its text form, failing the test if it is not
// valid.
func inject(t testing.TB, srv *apitest.Server, text string) {
	t.Helper()
	f, err := apitest.ParseFault(text)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.InjectFault(f); err != nil {
		t.Fatal(err)
	}
}
