package main

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/bulk"
	"github.com/seed-a87280d7/invites/internal/version"
)

// The fake that --mock starts: more invites than one page of 20, always the
// same ones.
const (
	mockSamples = 25
	mockSeed    = 1
)

// getenv returns the environment variable's value, or "".
func (c *cli) getenv(name string) string {
	if c.lookupEnv == nil {
		return ""
	}
	v, _ := c.lookupEnv(name)
	return v
}

// connect returns a client for the API that the flags and the environment
// name, with the options of extra on top, and a function that releases what
// it started. With --mock, the API is an in-process fake with sample
// invites.
func (c *cli) connect(extra ...api.Option) (*api.Client, func(), error) {
	if c.global.mock {
		srv := apitest.NewServer(apitest.WithSampleInvites(mockSamples), apitest.WithSeed(mockSeed), apitest.WithClock(c.now))
		fmt.Fprintf(c.stderr, "invites: --mock: using an in-process fake with %d sample invites; nothing is kept\n", mockSamples)
		client, err := c.newClient(apitest.AdminKey, srv.BaseURL(), "", extra...)
		if err != nil {
			srv.Close()
			return nil, nil, err
		}
		return client, srv.Close, nil
	}

	key, err := c.adminKey()
	if err != nil {
		return nil, nil, err
	}
	baseURL := firstNonEmpty(c.global.baseURL, c.getenv(api.EnvBaseURL), defaultBaseURL)
	org := firstNonEmpty(c.global.org, c.getenv(api.EnvOrganization))
	client, err := c.newClient(key, baseURL, org, extra...)
	if err != nil {
		return nil, nil, err
	}
	return client, func() {}, nil
}

// adminKey returns the admin key: --admin-key, else --admin-key-file, else
// $OPENAI_ADMIN_KEY, else $OPENAI_ADMIN_KEY_FILE. A file of "-" is stdin.
func (c *cli) adminKey() (string, error) {
	if c.global.adminKey != "" {
		c.keyFrom = "--admin-key"
		return c.global.adminKey, nil
	}
	if c.global.adminKeyFile != "" {
		c.keyFrom = "--admin-key-file " + c.global.adminKeyFile
		return c.keyFromFile("--admin-key-file", c.global.adminKeyFile)
	}
	if key := c.getenv(api.EnvAdminKey); key != "" {
		c.keyFrom = "$" + api.EnvAdminKey
		return key, nil
	}
	if path := c.getenv(envAdminKeyFile); path != "" {
		c.keyFrom = "$" + envAdminKeyFile + " (" + path + ")"
		return c.keyFromFile("$"+envAdminKeyFile, path)
	}
	return "", usageErrorf("no admin key: set one with 'export %s=sk-admin-...' (an organization admin key), or --admin-key-file FILE, or add --mock to try the command on sample data", api.EnvAdminKey)
}

// maxKeyFile is the most an admin key's file may hold: a key is about 200
// bytes.
const maxKeyFile = 4 << 10

// keyFromFile reads the admin key from path ("-" for stdin), named by from:
// the file's one line, without surrounding space.
func (c *cli) keyFromFile(from, path string) (string, error) {
	var data []byte
	var err error
	if path == "-" && c.stdinHolds != "" {
		return "", usageErrorf("%s -: stdin holds %s already: keep the key in a file (chmod 600) instead", from, c.stdinHolds)
	}
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(c.stdin, maxKeyFile+1))
	} else {
		read := c.readFile
		if read == nil {
			read = readKeyFile
		}
		data, err = read(path)
	}
	if err != nil && strings.HasPrefix(path, "sk-") {
		// The key itself, given where its file's path belongs: the
		// error must not echo it.
		return "", usageErrorf("%s: that is an admin key, not a file's path: put the key in a file that only you may read (chmod 600) and give the file's path", from)
	}
	if err != nil {
		return "", usageErrorf("%s: %v", from, err)
	}
	if len(data) > maxKeyFile {
		return "", usageErrorf("%s %s: more than %d bytes: it must hold the admin key alone", from, path, maxKeyFile)
	}
	key := strings.TrimSpace(string(data))
	switch {
	case key == "":
		return "", usageErrorf("%s %s: the file is empty: it must hold the admin key (sk-admin-...)", from, path)
	case strings.ContainsAny(key, "\r\n"):
		return "", usageErrorf("%s %s: the file has more than one line: it must hold the admin key alone", from, path)
	}
	return key, nil
}

// readKeyFile reads the admin key's file, refusing one that its group or
// others may read or write: the key would be theirs too.
func readKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close() //nolint:errcheck // opened for reading: closing it cannot lose data
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a file", path)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("%s can be read or written by others (mode %04o): run 'chmod 600 %s'", path, perm, path)
	}
	return io.ReadAll(io.LimitReader(f, maxKeyFile+1))
}

// newClient builds a client from explicit settings only, so that what the
// SDK reads from the process environment never bypasses the flags, with the
// options of extra on top. Its requests go out through dispatchTransport.
func (c *cli) newClient(key, baseURL, org string, extra ...api.Option) (*api.Client, error) {
	opts := []api.Option{
		api.WithAdminKey(key),
		api.WithBaseURL(baseURL),
		api.WithOrganization(org),
		api.WithRequestTimeout(c.global.timeout),
		api.WithMaxRetries(c.global.maxRetries),
		api.WithUserAgent("invites-cli/" + version.Get().Short()),
	}
	if c.global.insecureHTTP {
		opts = append(opts, api.WithInsecureHTTP())
	}
	opts = append(opts, api.WithHTTPClient(dispatchingClient(c.httpClient)))
	if c.global.debug {
		opts = append(opts, api.WithLogger(c.debugLogger()))
	}
	opts = append(opts, extra...)
	client, err := api.NewClient(opts...)
	if err != nil {
		// A bad base URL or a key with control characters: settings, not
		// the API, are at fault. The SDK names its Go option; the CLI's
		// users have a flag.
		msg := strings.Replace(sdkMessage(err), "api.WithInsecureHTTP", "--insecure-http", 1)
		return nil, usageErrorf("%s", msg)
	}
	c.baseURL = client.BaseURL()
	return client, nil
}

// dispatchingClient returns a copy of hc (nil: net/http's default client)
// whose requests go out through dispatchTransport.
func dispatchingClient(hc *http.Client) *http.Client {
	var c http.Client
	if hc != nil {
		c = *hc
	}
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = dispatchTransport{next: next}
	return &c
}

// dispatchTransport tells a bulk run of each request of its items (see
// bulk.Dispatch): a request that a stop withdrew never goes out, and one
// refused for a rate limit is known to have taken no effect, so that a stop
// while an item waits for the limit leaves it not sent rather than unknown.
type dispatchTransport struct{ next http.RoundTripper }

func (t dispatchTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	done, err := bulk.Dispatch(req.Context())
	if err != nil {
		if req.Body != nil {
			_ = req.Body.Close() // a RoundTripper closes the body, even on error
		}
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	done(err == nil && resp.StatusCode == http.StatusTooManyRequests)
	return resp, err
}

// CloseIdleConnections closes the idle connections of the transport
// underneath, as http.Client.CloseIdleConnections asks.
func (t dispatchTransport) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// debugLogger is the logger of --debug: the SDK's lines about each attempt,
// on stderr, with the time in UTC (from the CLI's clock) and the values
// escaped by the text handler.
func (c *cli) debugLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.String(slog.TimeKey, c.now().UTC().Format(time.RFC3339Nano))
			}
			return a
		},
	}))
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
