// Package gen holds the client code that oapi-codegen generates from the
// module's openapi.yaml. Import package api instead: it wraps this code with
// authentication, validation, typed errors, retries and pagination.
package gen

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config oapi-codegen.yaml ../openapi.yaml
