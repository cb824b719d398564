//go:build tools

// Package tools pins the code generator that go generate runs, so every machine
// generates gen/ with exactly the same oapi-codegen version.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
