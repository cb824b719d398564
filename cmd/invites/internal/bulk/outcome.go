package bulk

// Outcome is what happened to one item of a bulk command.
type Outcome string

// The outcomes. Unknown and NotSent are only ever given by a run that
// stopped early: a results file then still holds one row per input row.
const (
	// Created means the service created the invite.
	Created Outcome = "created"
	// Skipped means nothing needed doing (a pending invite exists).
	Skipped Outcome = "skipped"
	// Revoked means the service answered that the invite was deleted.
	Revoked Outcome = "revoked"
	// Missing means no such invite: gone before it could be revoked, never
	// there, or an email with no pending invite. Nothing was revoked.
	Missing Outcome = "missing"
	// Failed means the request failed; the reason says why.
	Failed Outcome = "failed"
	// Unknown means the request was in flight when the run stopped: it may or
	// may not have taken effect.
	Unknown Outcome = "unknown"
	// NotSent means the run stopped before the item was sent.
	NotSent Outcome = "not_sent"
	// WouldCreate and WouldRevoke are the outcomes of a dry run.
	WouldCreate Outcome = "would_create"
	WouldRevoke Outcome = "would_revoke"
)

// Remains reports whether the item's work may be left to do: a failed,
// unknown or never sent item. These are the rows that "import RESULTS
// --only-failed" sends again.
func (o Outcome) Remains() bool {
	return o == Failed || o == Unknown || o == NotSent
}

// Unfinished reports whether the run stopped before the item's outcome was
// known.
func (o Outcome) Unfinished() bool {
	return o == Unknown || o == NotSent
}

// Reason says, for a results file, why an item has an outcome that a stop
// gave it; "" for other outcomes.
func (o Outcome) Reason() string {
	switch o {
	case Unknown:
		return "the run stopped while the request was in flight: it may or may not have taken effect"
	case NotSent:
		return "the run stopped before it was sent"
	}
	return ""
}

// Verdict is what a run's outcomes call for, the one exit rule of every
// bulk command.
type Verdict int

const (
	// Done means nothing is left to do.
	Done Verdict = iota
	// Failures means some items failed, or the run stopped on a failure that
	// every further item would have met; work remains.
	Failures
	// Stopped means Ctrl-C or SIGTERM stopped the run; work remains.
	Stopped
)
