//go:build tools

// Package invites pins the code generator that go generate runs, so every machine
// generates gen/ with exactly the same oapi-codegen version.
package invites

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
