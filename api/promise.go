package api

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// A 2xx answer must be the object its operation promises, not merely JSON
// that decodes: {} or null decode into a zero Invite, and a list or a
// deleted answer decodes into an Invite with a few fields set. decode checks
// every answer against the promises below before a call returns it.

// promise is what an answer of one schema of openapi.yaml must hold.
type promise struct {
	schema   string       // the schema's name in openapi.yaml
	goType   reflect.Type // the type it decodes into
	object   string       // the value its object field must hold; "" when it has none
	required []string     // the fields the spec marks required, by their JSON names
}

// promises is the one list of what the answers must hold, taken from
// openapi.yaml: TestPromisesAreTheSpec holds it to the embedded spec, so it
// cannot drift. Fields outside it, and values outside an enum, are not
// checked: the API may add them.
var promises = []promise{
	{"Invite", reflect.TypeFor[Invite](), "organization.invite",
		[]string{"object", "id", "email", "role", "status", "created_at", "projects"}},
	{"InviteListResponse", reflect.TypeFor[InviteListResponse](), "list",
		[]string{"object", "data", "has_more"}},
	{"InviteDeleteResponse", reflect.TypeFor[InviteDeleteResponse](), "organization.invite.deleted",
		[]string{"object", "id", "deleted"}},
	{"ProjectMembership", reflect.TypeFor[Project](), "",
		[]string{"id", "role"}},
}

// shape is a promise made ready to check a Go value: each required field
// with its index in the struct.
type shape struct {
	promise
	fields []requiredField
}

// requiredField is one required field of a shape.
type requiredField struct {
	name  string
	index int
	// zeroUnsure is set for a bool or a number, whose zero value (false,
	// 0) may have been sent or may stand for a missing field.
	zeroUnsure bool
	// items is the shape of each item of an array field, or nil.
	items *shape
}

// shapes holds the shape of each type of promises.
var shapes = buildShapes()

// buildShapes makes a shape of each promise, finding each required field by
// its JSON name. A required field that the type lacks has index -1, which
// TestPromisesAreTheSpec reports.
func buildShapes() map[reflect.Type]*shape {
	out := make(map[reflect.Type]*shape, len(promises))
	for _, p := range promises {
		out[p.goType] = &shape{promise: p}
	}
	for _, s := range out {
		for _, name := range s.required {
			f := requiredField{name: name, index: -1}
			for i := range s.goType.NumField() {
				sf := s.goType.Field(i)
				if tag, _, _ := strings.Cut(sf.Tag.Get("json"), ","); tag != name {
					continue
				}
				f.index = i
				switch sf.Type.Kind() {
				case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
					reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
					f.zeroUnsure = true
				case reflect.Slice:
					f.items = out[sf.Type.Elem()]
				}
			}
			s.fields = append(s.fields, f)
		}
	}
	return out
}

// maxNamed bounds how many missing fields an error names.
const maxNamed = 10

// checkPromise checks that v, a *T decoded from body (whose first JSON value
// is the answer), is what T's schema promises: the right object value, at
// the top and in every item, and every required field present, not null
// and, for a string, not empty. A required bool or number that holds its
// zero value is looked up in body, where it must be present and not null.
// The error names the object wanted, each wrong object value and each
// missing field, by its JSON path (data[3].id).
func (c *Client) checkPromise(v any, body []byte) error {
	rv := reflect.ValueOf(v).Elem()
	s := shapes[rv.Type()]
	if s == nil {
		return nil
	}
	chk := promiseCheck{c: c}
	chk.walk(s, rv)
	look := lookup{body: body}
	var missing []string
	for _, g := range chk.missing {
		if !g.unsure || !look.has(g.path) {
			missing = append(missing, g.path)
		}
	}
	if len(chk.wrong) == 0 && len(missing) == 0 {
		return nil
	}
	what := s.schema
	if s.object != "" {
		what = strconv.Quote(s.object)
	}
	problems := chk.wrong
	if n := len(missing); n > 0 {
		named := strings.Join(missing[:min(n, maxNamed)], ", ")
		if n > maxNamed {
			named += " and " + strconv.Itoa(n-maxNamed) + " more"
		}
		problems = append(problems, "missing, null or empty: "+named)
	}
	return fmt.Errorf("%w: want %s: %s", ErrNotPromised, what, strings.Join(problems, "; "))
}

// promiseCheck walks a decoded answer and gathers what checkPromise finds.
type promiseCheck struct {
	c       *Client
	path    [4]pathPart // the JSON path of the value being walked
	depth   int
	wrong   []string // "data[0].object is \"list\"", for each wrong object value
	missing []gap    // required fields that are, or may be, missing
}

// gap is a required field that is missing, by its JSON path; or, when
// unsure, a bool or number that holds its zero value, which is missing only
// if the body does not have it.
type gap struct {
	path   string
	unsure bool
}

// pathPart is one step of a JSON path: an item of an array field.
type pathPart struct {
	field string
	index int
}

// walk checks v against s.
func (chk *promiseCheck) walk(s *shape, v reflect.Value) {
	for _, f := range s.fields {
		if f.index < 0 {
			continue
		}
		fv := v.Field(f.index)
		switch {
		case f.name == "object" && s.object != "" && fv.Len() > 0 && fv.String() != s.object:
			chk.wrong = append(chk.wrong, chk.at("object")+" is "+chk.c.quote(fv.String()))
		case fv.IsZero():
			chk.missing = append(chk.missing, gap{chk.at(f.name), f.zeroUnsure})
		case f.items != nil && chk.depth < len(chk.path):
			for i := range fv.Len() {
				chk.path[chk.depth] = pathPart{f.name, i}
				chk.depth++
				chk.walk(f.items, fv.Index(i))
				chk.depth--
			}
		}
	}
}

// at returns the JSON path of the field name of the value being walked.
func (chk *promiseCheck) at(name string) string {
	var b strings.Builder
	for _, p := range chk.path[:chk.depth] {
		b.WriteString(p.field + "[" + strconv.Itoa(p.index) + "].")
	}
	b.WriteString(name)
	return b.String()
}
