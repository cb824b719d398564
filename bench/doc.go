// Package bench compares the cost of calling the organization-invites API
// through four clients: package api, the generated client it wraps
// (gen.ClientWithResponses), OpenAI's own openai-go SDK, and a hand-written
// net/http + encoding/json client that is the floor for any of them.
//
// It is a module of its own, so that openai-go and the other comparison code
// never enter the SDK's module graph. Run it with `make bench` from the
// repository's root; BENCHMARKS.md has the results and how to read them.
//
// Every client decodes every field of every answer, and TestVerify checks
// the decoded values of each one against the fixture before anything is
// timed, so that no client wins by skipping work.
package bench
