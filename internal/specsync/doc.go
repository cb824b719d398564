// Package specsync derives the module's openapi.yaml from OpenAI's published
// OpenAPI description.
//
// The sync runs in two steps. [Facts] takes OpenAI's whole file and keeps the
// facts of the invite operations: the paths named in the subset file, every
// component they reference, transitively, and nothing else, with upstream's
// prose removed (a SHA-256 of each removed text is kept, so that a changed
// upstream description can be named) and the provenance of the input
// recorded. [Build] turns those facts into openapi.yaml: it applies the
// project's declared differences, an OpenAPI Overlay 1.0 document whose every
// action says why, then the project's own prose, and records where the facts
// came from.
//
// [Sync] runs both steps, writes the results atomically and regenerates the
// code; [Check] re-runs [Build] from the facts kept in the repository and
// names every place where openapi.yaml differs from what it makes.
package specsync
