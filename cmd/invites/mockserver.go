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
	"sync/atomic"
	"time"

	"github.com/seed-a87280d7/invites/api/apitest"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/flags"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
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
stderr after a timestamp (RFC 3339, UTC), with the fault that answered it, if
any, and stops cleanly on Ctrl-C.

It starts with sample invites (pending, accepted and expired) made from
--seed: the same seed gives the same invites and ids. --addr 127.0.0.1:0
picks a free port, and the address printed is the real one. An address that
is not loopback (0.0.0.0, say) makes the fake, and its well-known admin key,
reachable from the network: mock-server warns when it listens on one.

Like apitest, it answers a request without the admin key with 401 before
anything else, and keeps a bounded log of requests. It limits request headers
to 64 KiB, and closes a connection that takes more than 10 s to send a
request's header, more than 30 s (plus the longest injected latency) to send
a request or read its answer, or stays idle for 2 minutes.

--fault injects a fault, to see how a client copes: SPEC is
"[METHOD] [PATH] [STATUS] [xN] [key=value ...]", where xN limits it to the
next N matching requests, and the settings are retry-after=SECONDS,
retry-after-ms=MS, latency=DURATION, drop=before-headers|after-headers,
body=truncated|not-json|empty-object|null|list|array|no-id|wrong-object and
header=Name:value. A STATUS of 301, 302, 303, 307 or 308 redirects to the
same path, or to location=URL. PATH may use {invite_id} or * for one
segment. Repeat --fault for more; a request meets the first that matches.`,
	example: `
invites mock-server --addr 127.0.0.1:4010
# in a second terminal:
export OPENAI_BASE_URL=http://127.0.0.1:4010/v1 OPENAI_ADMIN_KEY=sk-admin-apitest-0000000000000000
invites list

# the next two creates answer 503 with a hint, then every list is slow:
invites mock-server --fault "POST /organization/invites 503 x2 retry-after-ms=200" --fault "GET * latency=2s"

# every delete is redirected with a 303, and every get answers an invite without an id:
invites mock-server --fault "DELETE * 303" --fault "GET /organization/invites/{invite_id} body=no-id"`,
	offline: true,
	bind: func(fs *flag.FlagSet) runFunc {
		o := &mockServerOptions{}
		fs.StringVar(&o.addr, "addr", "127.0.0.1:4010", "listen on this `address`; port 0 picks a free one")
		fs.Int64Var(&o.seed, "seed", 0, "make the sample invites and new invite ids from seed `N`")
		fs.IntVar(&o.samples, "samples", mockSamples, "start with `N` sample invites")
		fs.BoolVar(&o.quiet, "quiet", false, "do not log requests")
		fs.Var(&o.faults, "fault", "inject a fault described by `SPEC` (see above); repeatable")
		fs.BoolVar(&o.ignoreIdempotency, "ignore-idempotency", false, "ignore the Idempotency-Key header, as a service that does not honour it")
		fs.BoolVar(&o.sparsePages, "sparse-pages", false, "cut each page before dropping revoked invites: pages may be short, or empty with has_more")
		return o.run
	},
}

type mockServerOptions struct {
	addr    string
	seed    int64
	samples int
	quiet   bool
	faults  flags.StringList
	// ignoreIdempotency and sparsePages turn on the service's quirks.
	ignoreIdempotency, sparsePages bool
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
	case noArguments("mock-server", args) != nil:
		return noArguments("mock-server", args)
	case o.samples < 0:
		return usageErrorf("--samples must be 0 or more, got %d", o.samples)
	}
	faults, err := parseFaults(o.faults)
	if err != nil {
		return err
	}
	opts := []apitest.Option{apitest.WithSeed(o.seed), apitest.WithSampleInvites(o.samples),
		apitest.WithClock(c.now), apitest.WithFaults(faults...)}
	if o.ignoreIdempotency {
		opts = append(opts, apitest.WithoutIdempotency())
	}
	if o.sparsePages {
		opts = append(opts, apitest.WithSparsePages())
	}
	handler, err := apitest.NewHandler(opts...)
	if err != nil {
		return err
	}

	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", o.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w; choose another address with --addr (port 0 picks a free one)", o.addr, err)
	}
	log := &mockLog{w: c.stderr, now: c.now}
	baseURL := "http://" + reachableAddr(ln.Addr()) + "/v1"
	var h http.Handler = handler
	if !o.quiet {
		h = logRequests(handler, handler.Requests, log)
	}
	srv := newMockHTTPServer(h, faults)

	fmt.Fprintf(c.stdout, "invites mock server: the spec-validating fake of the invites API, %d sample invites (seed %d)\n", o.samples, o.seed)
	fmt.Fprintf(c.stdout, "base URL: %s\n", baseURL)
	fmt.Fprintf(c.stdout, "admin key: %s\n", apitest.AdminKey)
	fmt.Fprintf(c.stdout, "export OPENAI_BASE_URL=%s OPENAI_ADMIN_KEY=%s\n", baseURL, apitest.AdminKey)
	for _, f := range faults {
		fmt.Fprintf(c.stdout, "fault: %s\n", output.Printable(f.String()))
	}
	if !isLoopback(ln.Addr()) {
		log.printf("warning: listening on %s, which is reachable from the network: anyone who can connect can use the well-known test admin key %s; use --addr 127.0.0.1:PORT to keep the mock server on this machine",
			output.Printable(listenedAddr(o.addr, ln.Addr())), apitest.AdminKey)
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
	log.printf("mock server stopped")
	return nil
}

// Limits of the mock server's connections. A request's header must arrive
// within mockReadHeaderTimeout, and the whole request, and its answer, within
// mockTimeout plus the longest latency a fault injects; an idle connection is
// closed after mockIdleTimeout.
const (
	mockReadHeaderTimeout = 10 * time.Second
	mockTimeout           = 30 * time.Second
	mockIdleTimeout       = 2 * time.Minute
)

// newMockHTTPServer returns the HTTP server for the mock server's handler,
// with timeouts that leave room for the faults' latencies and the header size
// limit of apitest.
func newMockHTTPServer(h http.Handler, faults []apitest.Fault) *http.Server {
	var longest time.Duration
	for _, f := range faults {
		longest = max(longest, f.Latency)
	}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: mockReadHeaderTimeout,
		// The read deadline stays on while the handler runs, and its expiry
		// cancels the request: it must outlast the latency too.
		ReadTimeout:    mockTimeout + longest,
		WriteTimeout:   mockTimeout + longest,
		IdleTimeout:    mockIdleTimeout,
		MaxHeaderBytes: apitest.MaxHeaderBytes,
	}
}

// listenedAddr is the address asked for with the port the listener got, such
// as 0.0.0.0:41234 for 0.0.0.0:0.
func listenedAddr(asked string, got net.Addr) string {
	host, _, err := net.SplitHostPort(asked)
	tcp, ok := got.(*net.TCPAddr)
	if err != nil || !ok {
		return got.String()
	}
	return net.JoinHostPort(host, strconv.Itoa(tcp.Port))
}

// isLoopback reports whether a listener's address can be reached only from
// this machine.
func isLoopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
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

// mockLog writes the mock server's log lines, each after a timestamp in RFC
// 3339 form, in UTC, to the millisecond. It is safe for concurrent use.
type mockLog struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
}

// mockTimeFormat is RFC 3339 with milliseconds.
const mockTimeFormat = "2006-01-02T15:04:05.000Z07:00"

// printf writes one log line.
func (l *mockLog) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s %s\n", l.now().UTC().Format(mockTimeFormat), fmt.Sprintf(format, args...))
}

// logTag is the request header by which the log finds each request among
// those the fake recorded, to name the fault that answered it.
const logTag = "X-Mock-Server-Log"

// logRequests logs each request's method, path, status and request id, one
// line each, and the fault that answered it, if any, as --fault writes it.
// Headers (the admin key among them) are never logged. recorded lists the
// requests the fake recorded, each with the fault it met.
func logRequests(next http.Handler, recorded func() []apitest.RecordedRequest, log *mockLog) http.Handler {
	var seq atomic.Uint64
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		tag := strconv.FormatUint(seq.Add(1), 10)
		r.Header.Set(logTag, tag)
		rec := &statusRecorder{ResponseWriter: rw, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		target := r.URL.EscapedPath()
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		line := fmt.Sprintf("%s %s -> %d (%s)", output.Printable(r.Method), output.Printable(target), rec.status, output.Printable(rec.Header().Get("X-Request-Id")))
		if fault := faultOf(recorded(), tag); fault != "" {
			line += " fault: " + output.Printable(fault)
		}
		log.printf("%s", line)
	})
}

// faultOf returns the fault that answered the recorded request with this
// log tag, or "" for none. The latest requests are the likeliest.
func faultOf(requests []apitest.RecordedRequest, tag string) string {
	for i := len(requests) - 1; i >= 0; i-- {
		if requests[i].Header.Get(logTag) == tag {
			return requests[i].Fault
		}
	}
	return ""
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
