package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime"

	"github.com/seed-a87280d7/invites/gen"
	"github.com/seed-a87280d7/invites/internal/version"
)

// Version is the version of this SDK in the running program, sent in the
// User-Agent header. It is read once, at start-up, from the program's Go
// build info: the version of this module the program requires (such as
// v0.1.0); in a program built from a clone of this repository, its
// pseudo-version (with "+dirty" when the tree was modified), or the tag that
// names its commit, as in a release; "devel" when the build recorded none, as under
// go test. It is a variable only because it is computed: do not set it.
var Version = version.Get().Short()

// Client calls the organization-invites API. Create one with NewClient and
// share it: it is safe for concurrent use by many goroutines.
type Client struct {
	gen          *gen.Client
	http         *http.Client
	adminKey     func() string // a closure, so that no fmt verb can reach the key; see secretKey
	bearer       func() string // the Authorization header, "Bearer " and the key, made once; a closure too
	organization string
	userAgent    string
	baseURL      string
	basePath     string // the escaped path of baseURL, left out of operation names
	policy
	logger *slog.Logger
	pace   *pacing // nil when pacing is off
}

// secretKey returns a function that returns key. fmt prints a func as an
// address whatever the verb, while it prints strings, and structs reached
// through pointers, in full (a Client printed by value, or with a verb it
// does not support, or inside a caller's struct, never calls Client.Format).
func secretKey(key string) func() string {
	return func() string { return key }
}

// String describes the client without its admin key.
func (c *Client) String() string {
	return fmt.Sprintf("api.Client{BaseURL: %q, AdminKey: [redacted]}", c.baseURL)
}

// GoString describes the client for %#v, without its admin key.
func (c *Client) GoString() string { return c.String() }

// Format prints the client with any verb (%v, %+v, %#v, %s, %q) without its
// admin key.
func (c *Client) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = fmt.Fprintf(f, "%q", c.String())
		return
	}
	_, _ = f.Write([]byte(c.String()))
}

// BaseURL returns the address the client sends requests to, without a
// trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

// userAgent returns the User-Agent header: the caller's product, if any,
// followed by the SDK's name and version.
func userAgent(product string) string {
	ua := "invites-go/" + Version + " (" + runtime.Version() + "; " + runtime.GOOS + "/" + runtime.GOARCH + ")"
	if product != "" {
		return product + " " + ua
	}
	return ua
}
