package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
)

var mockServerCommand = &command{
	name:    "mock-server",
	args:    "[--addr HOST:PORT] [--seed N] [--samples N] [--quiet] [--fault SPEC]...",
	summary: "run the spec-validating fake as a local server",
	help: `
Run apitest, the SDK's fake of the invites API, as a standalone server: it
keeps invites in memory, checks every request and answer against the API's
OpenAPI description, and answers like the service (pagination, 404, 409,
OpenAI-style errors, x-request-id). Test any client, in any language, against
it. It prints its base URL and the admin key it accepts, logs each request on
stderr, and stops cleanly on Ctrl-C.

It starts with sample invites (pending, accepted and expired) made from
--seed: the same seed gives the same invites and ids. --addr 127.0.0.1:0
picks a free port, and the address printed is the real one.

--fault injects a fault, to see how a client copes: SPEC is
"[METHOD] [PATH] [STATUS] [xN] [key=value ...]", where xN limits it to the
next N matching requests, and the settings are retry-after=SECONDS,
retry-after-ms=MS, latency=DURATION, drop=before-headers|after-headers,
body=truncated|not-json and header=Name:value. PATH may use {invite_id} or *
for one segment. Repeat --fault for more; a request meets the first that
matches.`,
	example: `
invites mock-server --addr 127.0.0.1:4010
# in a second terminal:
export OPENAI_BASE_URL=http://127.0.0.1:4010/v1 OPENAI_ADMIN_KEY=sk-admin-apitest-0000000000000000
invites list

# the next two creates answer 503 with a hint, then every list is slow:
invites mock-server --fault "POST /organization/invites 503 x2 retry-after-ms=200" --fault "GET * latency=2s"`,
	offline: true,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &mockServerOptions{}
		fs.StringVar(&o.addr, "addr", "127.0.0.1:4010", "listen on this `address`; port 0 picks a free one")
		fs.Int64Var(&o.seed, "seed", 0, "make the sample invites and new invite ids from seed `N`")
		fs.IntVar(&o.samples, "samples", mockSamples, "start with `N` sample invites")
		fs.BoolVar(&o.quiet, "quiet", false, "do not log requests")
		fs.Var(&o.faults, "fault", "inject a fault described by `SPEC` (see above); repeatable")
		return o.run
	},
}

type mockServerOptions struct {
	addr    string
	seed    int64
	samples int
	quiet   bool
	faults  stringList
}

// parseFaults reads the --fault specs in apitest's text form.
func parseFaults(specs []string) ([]apitest.Fault, error) {
	faults := make([]apitest.Fault, 0, len(specs))
	for _, spec := range specs {
		f, err := apitest.ParseFault(spec)
		if err != nil {
			return nil, usageErrorf("--fault %q: %v (see 'invites mock-server --help')", spec, err)
		}
		faults = append(faults, f)
	}
	return faults, nil
}

func (o *mockServerOptions) run(ctx context.Context, c *cli, args []string) error {
	switch {
	case len(args) > 0:
		return usageErrorf("mock-server takes no arguments, got %q (see 'invites mock-server --help')", args[0])
	case o.samples < 0:
		return usageErrorf("--samples must be 0 or more, got %d", o.samples)
	}
	faults, err := parseFaults(o.faults)
	if err != nil {
		return err
	}
	handler, err := apitest.NewHandler(apitest.WithSeed(o.seed), apitest.WithSampleInvites(o.samples),
		apitest.WithClock(c.now), apitest.WithFaults(faults...))
	if err != nil {
		return err
	}

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", o.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w; choose another address with --addr (port 0 picks a free one)", o.addr, err)
	}
	baseURL := "http://" + reachableAddr(ln.Addr()) + "/v1"
	var h http.Handler = handler
	if !o.quiet {
		h = logRequests(handler, c.stderr)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}

	fmt.Fprintf(c.stdout, "invites mock server: the spec-validating fake of the invites API, %d sample invites (seed %d)\n", o.samples, o.seed)
	fmt.Fprintf(c.stdout, "base URL: %s\n", baseURL)
	fmt.Fprintf(c.stdout, "admin key: %s\n", apitest.AdminKey)
	fmt.Fprintf(c.stdout, "export OPENAI_BASE_URL=%s OPENAI_ADMIN_KEY=%s\n", baseURL, apitest.AdminKey)
	for _, f := range faults {
		fmt.Fprintf(c.stdout, "fault: %s\n", f)
	}
	fmt.Fprintln(c.stdout, "Press Ctrl-C to stop.")

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	handler.Close() // ends injected latencies, so that shutdown does not wait for them
	err = srv.Shutdown(shutdownCtx)
	if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	if err != nil {
		return fmt.Errorf("stopping: %w", err)
	}
	fmt.Fprintln(c.stderr, "invites: mock server stopped")
	return nil
}

// reachableAddr is the listener's address as a client on this machine dials
// it: an unspecified host (0.0.0.0 or ::, every interface) becomes 127.0.0.1.
func reachableAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	ip := tcp.IP
	if ip == nil || ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), strconv.Itoa(tcp.Port))
}

// logRequests logs each request's method, path, status and request id, one
// line each, on w. Headers (the admin key among them) are never logged.
func logRequests(next http.Handler, w io.Writer) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: rw, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		target := r.URL.EscapedPath()
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "%s %s -> %d (%s)\n", printable(r.Method), printable(target), rec.status, printable(rec.Header().Get("X-Request-Id")))
	})
}

// statusRecorder remembers the status a handler writes.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
