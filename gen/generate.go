// Package gen holds the client code that oapi-codegen generates from the
// module's openapi.yaml. Import package api instead: it wraps this code with
// authentication, validation, typed errors, retries and pagination.
package gen

// oapi-codegen writes this package; reexport then writes package api's
// re-export file (aliases, their documented fields, enum constants and what
// each answer promises) from openapi.yaml and what oapi-codegen wrote.
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config oapi-codegen.yaml ../openapi.yaml
//go:generate go run ../internal/reexport/cmd/reexport -spec ../openapi.yaml -gen invites.gen.go -out ../api/types.gen.go
