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
			Operation: func(v *openapi.Operation) error { need(loc, "summary", false, v.GetSummary()); return nil },
			ReferencedParameter: func(v *openapi.ReferencedParameter) error {
				need(loc, "description", v.IsReference(), textOf(v))
				return nil
			},
			ReferencedRequestBody: func(v *openapi.ReferencedRequestBody) error {
				need(loc, "description", v.IsReference(), textOf(v))
				return nil
			},
			ReferencedResponse: func(v *openapi.ReferencedResponse) error {
				need(loc, "description", v.IsReference(), textOf(v))
				return nil
			},
			ReferencedHeader: func(v *openapi.ReferencedHeader) error {
				need(loc, "description", v.IsReference(), textOf(v))
				return nil
			},
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

// textOf is the description of the object behind v.
func textOf(v reference) string {
	if d, ok := v.GetObjectAny().(described); ok {
		return d.GetDescription()
	}
	return ""
}
