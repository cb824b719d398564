package main

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
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

// connect returns a client for the API that the flags, the environment and
// the profile name (see resolve), and a function that releases what it
// started. With --mock, the API is an in-process fake with sample invites.
func (c *cli) connect() (*api.Client, func(), error) {
	if c.global.mock {
		srv := apitest.NewServer(apitest.WithSampleInvites(mockSamples), apitest.WithSeed(mockSeed), apitest.WithClock(c.now))
		fmt.Fprintf(c.stderr, "invites: --mock: using an in-process fake with %d sample invites; nothing is kept\n", mockSamples)
		client, err := c.newClient(apitest.AdminKey, srv.BaseURL(), "")
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
	client, err := c.connectTo(r)
	if err != nil {
		return nil, nil, err
	}
	return client, func() {}, nil
}

// connectTo reads the key that r names and returns a client with r's
// settings.
func (c *cli) connectTo(r *resolved) (*api.Client, error) {
	c.baseURLFrom = r.baseURL.from
	key, err := c.readKey(c.stop, r.key)
	if err != nil {
		return nil, err
	}
	if r.insecure {
		c.global.insecureHTTP = true
	}
	return c.newClient(key, r.baseURL.value, r.org.value)
}

// newClient builds a client from explicit settings only, so that what the
// SDK reads from the process environment never bypasses the flags.
func (c *cli) newClient(key, baseURL, org string) (*api.Client, error) {
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
	if c.httpClient != nil {
		opts = append(opts, api.WithHTTPClient(c.httpClient))
	}
	if c.global.debug {
		opts = append(opts, api.WithLogger(c.debugLogger()))
	}
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
