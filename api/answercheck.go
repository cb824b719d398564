package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/seed-a87280d7/invites/internal/jsonkey"
)

// A 2xx answer must be the object its operation promises, not merely JSON
// that decodes: {} or null decode into a zero Invite, and a list or a
// deleted answer decodes into an Invite with a few fields set. And
// encoding/json matches keys without regard to case, the last one winning,
// so {"deleted":false,"Deleted":true} decodes as deleted. checkAnswer reads
// the keys of every object that decoding filled, once, and refuses both.

// objectShape is what checkAnswer knows of the JSON objects that decode into
// one Go struct: every field's JSON name, which fields are required, and the
// shape of the objects nested in a field.
type objectShape struct {
	schema   answerSchema
	fields   []shapeField
	required []int // the required fields, as indexes of fields, in the schema's order
}

// shapeField is one field of an objectShape.
type shapeField struct {
	name   string
	text   bool // a string: empty counts as missing
	object bool // the field that must hold schema.object
	nested *objectShape
}

// maxShapeFields is how many fields a shape may have: checkAnswer tracks
// them in a uint64.
const maxShapeFields = 64

// shapes holds the shape of every type of answerSchemas, and of the types
// nested in them, and of OpenAI's error body.
var shapes = buildShapes()

// buildShapes makes the shape of every type of answerSchemas, and of the
// error body.
func buildShapes() map[reflect.Type]*objectShape {
	out := map[reflect.Type]*objectShape{}
	for _, s := range answerSchemas {
		shapeOf(s.goType, out)
	}
	shapeOf(errorBodyType, out)
	for _, s := range out {
		if s.depth(0) > maxPathDepth {
			panic("api: " + s.schema.schema + " nests objects more than " + strconv.Itoa(maxPathDepth) + " deep")
		}
	}
	return out
}

// maxPathDepth is how deep the objects of an answer may nest within one
// another, as the shapes say: checkAnswer keeps the JSON path in an array of
// this size, on its stack.
const maxPathDepth = 4

// depth returns how deep the objects within one of shape s nest, counted
// from d, the depth of s; it stops past maxPathDepth, so that a shape that
// holds itself ends too.
func (s *objectShape) depth(d int) int {
	deepest := d
	for _, f := range s.fields {
		if f.nested != nil && d <= maxPathDepth {
			deepest = max(deepest, f.nested.depth(d+1))
		}
	}
	return deepest
}

// shapeOf returns the shape of the struct type t, made once and kept in
// known, or nil when t is not a struct.
func shapeOf(t reflect.Type, known map[reflect.Type]*objectShape) *objectShape {
	if t.Kind() != reflect.Struct {
		return nil
	}
	if s, ok := known[t]; ok {
		return s
	}
	s := &objectShape{schema: answerSchema{schema: t.Name(), goType: t}}
	for _, as := range answerSchemas {
		if as.goType == t {
			s.schema = as
		}
	}
	known[t] = s
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if !sf.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		inner := sf.Type
		for inner.Kind() == reflect.Pointer || inner.Kind() == reflect.Slice {
			inner = inner.Elem()
		}
		s.fields = append(s.fields, shapeField{
			name:   name,
			text:   sf.Type.Kind() == reflect.String,
			object: name == "object" && s.schema.object != "",
			nested: shapeOf(inner, known),
		})
	}
	for _, name := range s.schema.required {
		if k := s.field([]byte(name)); k >= 0 {
			s.required = append(s.required, k)
		}
	}
	if len(s.fields) > maxShapeFields {
		panic("api: " + t.Name() + " has more than 64 fields")
	}
	return s
}

// maxNamed bounds how many missing fields an error names.
const maxNamed = 10

// checkAnswer checks body, a JSON value that decoded into a value of
// type t, against what t's schema promises: the right object value, at the
// top and in every item; every required field present, not null and, for a
// string, not empty; and, in every object that decoding filled, no key twice
// and no key that differs from a field's name only in case (as "Deleted"
// beside, or instead of, "deleted"). The error wraps ErrNotPromised and
// names the object wanted and each problem by its JSON path (data[3].id).
func (c *Client) checkAnswer(t reflect.Type, body []byte) error {
	s := shapes[t]
	if s == nil {
		return nil
	}
	chk := answerCheck{c: c, body: body}
	chk.object(s, skipSpace(body, 0))
	if len(chk.found) == 0 && len(chk.missing) == 0 {
		return nil
	}
	what := s.schema.schema
	if s.schema.object != "" {
		what = strconv.Quote(s.schema.object)
	}
	found := chk.found
	if n := len(chk.missing); n > 0 {
		named := strings.Join(chk.missing[:min(n, maxNamed)], ", ")
		if n > maxNamed {
			named += " and " + strconv.Itoa(n-maxNamed) + " more"
		}
		found = append(found, "missing, null or empty: "+named)
	}
	if len(found) > maxNamed {
		found = append(found[:maxNamed], "and "+strconv.Itoa(len(found)-maxNamed)+" more")
	}
	return fmt.Errorf("%w: want %s: %s", ErrNotPromised, what, strings.Join(found, "; "))
}

// checkAbout checks that v, the answer to a get or a delete of the invite
// id, is about that invite: an answer about another one (its id differs)
// says nothing of this one, so the error it returns wraps ErrNotPromised.
func (c *Client) checkAbout(v any, id string) error {
	var got string
	switch v := v.(type) {
	case *Invite:
		got = v.ID
	case *InviteDeleteResponse:
		got = v.ID
	default:
		return nil
	}
	if got == id {
		return nil
	}
	return fmt.Errorf("%w: an answer about invite %s, not %s", ErrNotPromised, c.quote(got), c.quote(id))
}

// answerCheck is one run of checkAnswer.
type answerCheck struct {
	c       *Client
	body    []byte
	depth   int // path[:depth] is the JSON path of the object being read
	path    [maxPathDepth]pathPart
	found   []string // wrong object values, keys twice, case variants
	missing []string // the paths of required fields missing, null or empty
}

// pathPart is one step of a JSON path: an item of an array field, or a
// field that holds an object (index -1).
type pathPart struct {
	field string
	index int
}

// object checks the JSON value at body[i], which decoded into a value of
// shape s, and returns the index just past it.
func (chk *answerCheck) object(s *objectShape, i int) int {
	body := chk.body
	if i >= len(body) || body[i] != '{' {
		end := skipValue(body, i)
		chk.gaps(s, 0) // null, or what an unknown field holds
		return end
	}
	var seen, present uint64
	i = skipSpace(body, i+1)
	for i < len(body) && body[i] != '}' {
		if body[i] == ',' {
			i = skipSpace(body, i+1)
		}
		end, escaped := stringEnd(body, i)
		key := jsonText(body[i:end], escaped)
		i = skipSpace(body, skipSpace(body, end)+1) // past :
		k := s.field(key)
		if k < 0 {
			if v := s.variant(string(key)); v >= 0 {
				chk.found = append(chk.found, chk.at("")+chk.c.quote(string(key))+" is a case variant of "+strconv.Quote(s.fields[v].name))
			}
			i = skipSpace(body, skipValue(body, i))
			continue
		}
		f := &s.fields[k]
		bit := uint64(1) << k
		if seen&bit != 0 {
			chk.found = append(chk.found, chk.at(f.name)+" appears twice")
		}
		seen |= bit
		start, escaped := i, false
		switch {
		case f.nested != nil && body[i] == '[':
			i = chk.items(f, i)
		case f.nested != nil && body[i] == '{':
			chk.path[chk.depth] = pathPart{f.name, -1}
			chk.depth++
			i = chk.object(f.nested, i)
			chk.depth--
		case body[i] == '"':
			i, escaped = stringEnd(body, i)
		case body[i] == '{' || body[i] == '[':
			i = skipValue(body, i)
		default:
			i = scalarEnd(body, i)
		}
		value := body[start:i]
		if !bytes.Equal(value, []byte("null")) && (!f.text || !bytes.Equal(value, []byte(`""`))) {
			present |= bit
			if f.object {
				chk.checkObject(s, jsonText(value, escaped))
			}
		}
		i = skipSpace(body, i)
	}
	chk.gaps(s, present)
	return i + 1
}

// items checks the array at body[i], the value of field f, item by item,
// and returns the index just past it.
func (chk *answerCheck) items(f *shapeField, i int) int {
	body := chk.body
	i = skipSpace(body, i+1)
	for n := 0; i < len(body) && body[i] != ']'; n++ {
		if body[i] == ',' {
			i = skipSpace(body, i+1)
		}
		chk.path[chk.depth] = pathPart{f.name, n}
		chk.depth++
		i = skipSpace(body, chk.object(f.nested, i))
		chk.depth--
	}
	return i + 1
}

// checkObject checks got, the text of the object field of an object of
// shape s.
func (chk *answerCheck) checkObject(s *objectShape, got []byte) {
	if string(got) != s.schema.object {
		chk.found = append(chk.found, chk.at("object")+" is "+chk.c.quote(string(got)))
	}
}

// gaps adds the required fields of s that present lacks to missing.
func (chk *answerCheck) gaps(s *objectShape, present uint64) {
	for _, k := range s.required {
		if present&(1<<k) == 0 {
			chk.missing = append(chk.missing, chk.at(s.fields[k].name))
		}
	}
}

// jsonText returns the text that lit, a JSON string literal, stands for: a
// slice of lit when it has no escapes (no copy is made: keys are many), else
// a decoded copy.
func jsonText(lit []byte, escaped bool) []byte {
	if !escaped {
		return lit[1 : len(lit)-1]
	}
	var s string
	_ = json.Unmarshal(lit, &s)
	return []byte(s)
}

// at returns the JSON path of the field name of the object being read, with
// a trailing dot when name is empty.
func (chk *answerCheck) at(name string) string {
	var b strings.Builder
	for _, p := range chk.path[:chk.depth] {
		b.WriteString(p.field)
		if p.index >= 0 {
			b.WriteString("[" + strconv.Itoa(p.index) + "]")
		}
		b.WriteString(".")
	}
	b.WriteString(name)
	return b.String()
}

// field returns the index of the field whose JSON name is key, or -1.
func (s *objectShape) field(key []byte) int {
	for k := range s.fields {
		if s.fields[k].name == string(key) {
			return k
		}
	}
	return -1
}

// variant returns the index of the field whose JSON name encoding/json
// would match with key, which is not that name, or -1.
func (s *objectShape) variant(key string) int {
	for k := range s.fields {
		if jsonkey.Matches(key, s.fields[k].name) {
			return k
		}
	}
	return -1
}
