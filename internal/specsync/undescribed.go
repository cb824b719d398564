package specsync

import (
	"bytes"
	"context"
	"fmt"
	"regexp"

	"github.com/speakeasy-api/openapi/jsonschema/oas3"
	"github.com/speakeasy-api/openapi/openapi"
)

// describedSchema matches the pointer of a schema that needs a description
// of ours: a component schema, or a property.
var describedSchema = regexp.MustCompile(`^/components/schemas/[^/]+$|/properties/[^/]+$`)

// Undescribed lists the JSON pointers of the elements of spec that need a
// text of ours and have none: an operation's summary, and the description
// of every parameter, request body, response, header, component schema and
// property that is not a $ref.
func Undescribed(ctx context.Context, spec []byte) ([]string, error) {
	doc, _, err := openapi.Unmarshal(ctx, bytes.NewReader(spec), openapi.WithSkipValidation())
	if err != nil {
		return nil, fmt.Errorf("reading the spec: %w", err)
	}
	var missing []string
	need := func(loc openapi.Locations, field string, isRef bool, text string) {
		if !isRef && text == "" {
			missing = append(missing, string(loc.ToJSONPointer())+"/"+field)
		}
	}
	for item := range openapi.Walk(ctx, doc) {
		loc := item.Location
		_ = item.Match(openapi.Matcher{
			Operation:             func(v *openapi.Operation) error { need(loc, "summary", false, v.GetSummary()); return nil },
			ReferencedParameter:   needDescription[*openapi.ReferencedParameter](loc, need),
			ReferencedRequestBody: needDescription[*openapi.ReferencedRequestBody](loc, need),
			ReferencedResponse:    needDescription[*openapi.ReferencedResponse](loc, need),
			ReferencedHeader:      needDescription[*openapi.ReferencedHeader](loc, need),
			Schema: func(v *oas3.JSONSchema[oas3.Referenceable]) error {
				if describedSchema.MatchString(string(loc.ToJSONPointer())) {
					need(loc, "description", v.IsReference(), v.GetSchema().GetDescription())
				}
				return nil
			},
		})
	}
	return missing, nil
}

// needDescription returns the matcher of an element at loc that needs a
// description unless it is a $ref: it tells need what it found.
func needDescription[T reference](loc openapi.Locations, need func(loc openapi.Locations, field string, isRef bool, text string)) func(T) error {
	return func(v T) error {
		need(loc, "description", v.IsReference(), textOf(v))
		return nil
	}
}

// textOf is the description of the object behind v.
func textOf(v reference) string {
	if d, ok := v.GetObjectAny().(described); ok {
		return d.GetDescription()
	}
	return ""
}
