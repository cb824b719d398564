// Package bulk runs the work of the invites CLI's bulk commands (import,
// prune, delete): a bounded number of workers that all pause when the API
// rate-limits them, a soft stop that lets the requests in flight finish and
// a hard stop that abandons them, a progress line that fits the terminal,
// one outcome model with one exit rule, and the report, written to stdout or
// to a results file, that holds one row per input row whatever stopped the
// run. It knows no command.
package bulk
