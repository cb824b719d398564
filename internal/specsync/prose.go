package specsync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/speakeasy-api/openapi/jsonschema/oas3"
	"github.com/speakeasy-api/openapi/openapi"
)

// proseText is one description or summary of upstream's, at a JSON pointer.
type proseText struct {
	pointer string
	sha256  string
}

// described is what every object with prose has: a description and, for
// some, a summary.
type described interface {
	GetDescription() string
}

// summarized is what objects with a summary have.
type summarized interface {
	GetSummary() string
}

// collectProse lists every description and summary in doc, in document
// order, with the JSON pointer each will have once doc is written out.
func collectProse(ctx context.Context, doc *openapi.OpenAPI) []proseText {
	var texts []proseText
	add := func(loc openapi.Locations, v any) {
		base := string(loc.ToJSONPointer())
		if base == "/" {
			base = ""
		}
		if s, ok := v.(summarized); ok && s.GetSummary() != "" {
			texts = append(texts, proseText{base + "/summary", hash(s.GetSummary())})
		}
		if d, ok := v.(described); ok && d.GetDescription() != "" {
			texts = append(texts, proseText{base + "/description", hash(d.GetDescription())})
		}
	}
	for item := range openapi.Walk(ctx, doc) {
		_ = item.Match(openapi.Matcher{
			Info:      func(v *openapi.Info) error { add(item.Location, v); return nil },
			Tag:       func(v *openapi.Tag) error { add(item.Location, v); return nil },
			Server:    func(v *openapi.Server) error { add(item.Location, v); return nil },
			Operation: func(v *openapi.Operation) error { add(item.Location, v); return nil },
			Schema: func(v *oas3.JSONSchema[oas3.Referenceable]) error {
				if s := v.GetSchema(); s != nil {
					add(item.Location, s)
				}
				return nil
			},
			ReferencedParameter:      func(v *openapi.ReferencedParameter) error { add(item.Location, referenced(v)); return nil },
			ReferencedRequestBody:    func(v *openapi.ReferencedRequestBody) error { add(item.Location, referenced(v)); return nil },
			ReferencedResponse:       func(v *openapi.ReferencedResponse) error { add(item.Location, referenced(v)); return nil },
			ReferencedHeader:         func(v *openapi.ReferencedHeader) error { add(item.Location, referenced(v)); return nil },
			ReferencedExample:        func(v *openapi.ReferencedExample) error { add(item.Location, referenced(v)); return nil },
			ReferencedSecurityScheme: func(v *openapi.ReferencedSecurityScheme) error { add(item.Location, referenced(v)); return nil },
		})
	}
	return texts
}

// reference is what a reference-or-object of the OpenAPI model has.
type reference interface {
	IsReference() bool
	GetObjectAny() any
}

// referenced is the object that carries the prose of v: its own fields when
// it is a $ref (3.1 allows a description beside one), otherwise the object.
func referenced(v reference) any {
	if v.IsReference() {
		return v
	}
	return v.GetObjectAny()
}

// hash is the hex SHA-256 of s.
func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
