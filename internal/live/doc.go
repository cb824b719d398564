// Package live holds the opt-in conformance checks of the SDK against the
// real organization-invites service. They run only with OPENAI_ADMIN_KEY and
// INVITES_LIVE=1 set (`make live`); see "Live checks" in docs/development.md. The same
// checks run in every test run against the fake, so that they keep working
// and the fake keeps agreeing with the generated types.
package live
