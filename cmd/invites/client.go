package main

import (
	"fmt"
	"log/slog"
	"net/http"
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

// connect returns a client for the API that the flags, the environment and
// the profile name (see resolve), with the options of extra on top, and a
// function that releases what it started. With --mock, the API is an
// in-process fake with sample invites.
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
	r, err := c.resolve()
	if err != nil {
		return nil, nil, err
	}
	c.noteOverrides(r)
	client, err := c.connectTo(r, extra...)
	if err != nil {
		return nil, nil, err
	}
	return client, func() {}, nil
}

// connectTo reads the key that r names and returns a client with r's
// settings and the options of extra on top.
func (c *cli) connectTo(r *resolved, extra ...api.Option) (*api.Client, error) {
	c.baseURLFrom = r.baseURL.from
	key, err := c.readKey(c.stop, r.key)
	if err != nil {
		return nil, err
	}
	if r.insecure {
		c.global.insecureHTTP = true
	}
	return c.newClient(key, r.baseURL.value, r.org.value, extra...)
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
