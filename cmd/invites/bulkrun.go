package main

import (
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/bulk"
	"github.com/seed-a87280d7/invites/cmd/invites/internal/output"
)

// bulkOptions are the flags that every bulk command (import, prune, delete)
// takes.
type bulkOptions struct {
	concurrency int
	results     bulk.Results
}

// register adds --concurrency and --results to fs; verb says what each
// request does, such as "send invites".
func (o *bulkOptions) register(fs *flag.FlagSet, verb string) {
	fs.IntVar(&o.concurrency, "concurrency", bulk.DefaultConcurrency, "how many "+verb+" at a time, `N` from 1 to "+strconv.Itoa(bulk.MaxConcurrency))
	o.results.Register(fs)
}

// check validates the flags.
func (o *bulkOptions) check() error {
	if o.concurrency < 1 || o.concurrency > bulk.MaxConcurrency {
		return usageErrorf("--concurrency must be between 1 and %d, got %d", bulk.MaxConcurrency, o.concurrency)
	}
	if err := o.results.Check(); err != nil {
		return usageErrorf("%v", err)
	}
	return nil
}

// startBulk connects to the API and opens where the results go (see
// openResults), so that a folder that cannot be written fails the command
// before anything is sent. done releases both, leaving a --results file
// that was not committed as it was.
func (c *cli) startBulk(o *bulkOptions, fallback string, whole bool) (client *api.Client, out *bulk.Sink, done func(), err error) {
	client, release, err := c.connect()
	if err != nil {
		return nil, nil, nil, err
	}
	out, err = c.openResults(o, fallback, whole)
	if err != nil {
		release()
		return nil, nil, nil, err
	}
	return client, out, func() { out.Discard(); release() }, nil
}

// openResults opens where the results go: a table on a terminal, else
// fallback, unless -o or the --results file's extension say otherwise.
// whole says -o json writes the whole report, with its summary. A --results
// file holds every row, so it cannot be -o ids, which lists only the ids
// that were created or revoked.
func (c *cli) openResults(o *bulkOptions, fallback string, whole bool) (*bulk.Sink, error) {
	if o.results.Path != "" && c.global.output == output.IDs {
		return nil, usageErrorf("--results %s keeps a row for every item, and -o ids would keep only the ids created or revoked: use -o csv, json or jsonl, or leave --results out to print the ids", o.results.Path)
	}
	return o.results.Open(bulk.SinkOptions{
		Format: o.results.Format(c.global.output, c.stdoutTerminal, fallback),
		Whole:  whole,
		Local:  c.local,
		Width:  c.stdoutWidth,
		Stdout: c.stdout,
	})
}

// newRunner returns the runner of n items of a bulk command, with a progress
// line labelled label on a terminal's stderr, notes on stderr when it
// pauses for a rate limit or stops, and a hard stop at the second Ctrl-C.
func (c *cli) newRunner(o *bulkOptions, label string, n int) *bulk.Runner {
	prog := bulk.NewProgress(c.stderr, c.stderrTerminal, c.stderrWidth, label, n)
	return &bulk.Runner{
		Workers:   o.concurrency,
		FirstWait: c.rateLimitWait,
		HardStop:  c.hardStop,
		Progress:  prog,
		OnPause: func(wait time.Duration) {
			prog.Note(fmt.Sprintf("invites: rate limited (429): pausing all requests for %s", wait.Round(time.Millisecond)))
		},
		OnStopping: func() {
			prog.Note("invites: interrupted: finishing the requests in flight; press Ctrl-C again to stop at once")
		},
		OnAbort: func(err error) {
			prog.Note("invites: stopping: " + c.reason(err) + "; every further request would fail the same way")
		},
	}
}

// reportRemaining says on stderr what a run that stopped early left to do,
// counted in nouns, and how to finish it (retry). It says nothing of a run
// that finished.
func (c *cli) reportRemaining(rep *bulk.Report, run bulk.Run, noun, retry string) {
	if !rep.Interrupted {
		return
	}
	how := "interrupted"
	if run.Stop == bulk.Aborted {
		how = "stopped after a failure"
	}
	unfinished := rep.Count(bulk.Unknown) + rep.Count(bulk.NotSent)
	fmt.Fprintln(c.stderr, output.Printable(fmt.Sprintf("invites: %s: %d of %d %s finished; %d unknown (in flight: they may or may not have taken effect), %d not sent; %s",
		how, rep.Len()-unfinished, rep.Len(), noun+"s", rep.Count(bulk.Unknown), rep.Count(bulk.NotSent), retry)))
}
