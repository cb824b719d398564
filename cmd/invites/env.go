package main

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/api/apitest"
)

// Defaults of the global flags, and of the fake that --mock starts.
const (
	defaultBaseURL    = api.DefaultBaseURL
	defaultTimeout    = api.DefaultRequestTimeout
	defaultMaxRetries = api.DefaultMaxRetries

	mockSamples = 25 // more than one page of 20
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
// name, and a function that releases what it started. With --mock, the API is
// an in-process fake with sample invites.
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

	key := firstNonEmpty(c.global.adminKey, c.getenv(api.EnvAdminKey))
	if key == "" {
		return nil, nil, usageErrorf("no admin key: set one with 'export %s=sk-admin-...' (an organization admin key), or add --mock to try the command on sample data", api.EnvAdminKey)
	}
	baseURL := firstNonEmpty(c.global.baseURL, c.getenv(api.EnvBaseURL), defaultBaseURL)
	org := firstNonEmpty(c.global.org, c.getenv(api.EnvOrganization))
	client, err := c.newClient(key, baseURL, org)
	if err != nil {
		return nil, nil, err
	}
	return client, func() {}, nil
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
		api.WithUserAgent("invites-cli/" + api.Version),
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
		// the API, are at fault.
		return nil, usageErrorf("%v", err)
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

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
