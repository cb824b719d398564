package live

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/seed-a87280d7/invites/api"
	"github.com/seed-a87280d7/invites/gen"
	"github.com/seed-a87280d7/invites/internal/spec"
)

// walkPages is how many pages of one invite each the AllInvites walk reads.
const walkPages = 3

// maxRecordedBody bounds the bodies the recorder copies: twice the SDK's own
// default cap.
const maxRecordedBody = 2 * api.DefaultMaxResponseBytes

// exchange is one answer as it came off the wire.
type exchange struct {
	method string
	path   string
	status int
	body   []byte
}

// recorder is an http.RoundTripper that keeps a copy of every response body,
// so that the checks can decode what the service sent strictly while the SDK
// decodes it as usual. It never looks at the request's headers.
type recorder struct {
	next http.RoundTripper

	mu        sync.Mutex
	exchanges []exchange
}

// RoundTrip sends the request and copies the answer's body.
func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRecordedBody+1))
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if len(body) > maxRecordedBody {
		return nil, fmt.Errorf("live: response body over %d bytes", maxRecordedBody)
	}
	r.mu.Lock()
	r.exchanges = append(r.exchanges, exchange{req.Method, req.URL.EscapedPath(), resp.StatusCode, body})
	r.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// take returns the exchanges recorded since the last take.
func (r *recorder) take() []exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.exchanges
	r.exchanges = nil
	return out
}

// checker runs the conformance checks and collects findings: every way in
// which the service's answers differ from what openapi.yaml says. A failed
// call is an error instead, since the checks cannot go on without it.
type checker struct {
	client *api.Client
	rec    *recorder
	doc    *openapi3.T // the embedded spec
	logf   func(format string, args ...any)

	findings []string
}

// newChecker returns a checker for a client whose HTTP transport is rec.
func newChecker(client *api.Client, rec *recorder, logf func(string, ...any)) (*checker, error) {
	doc, err := spec.GetSpec()
	if err != nil {
		return nil, err
	}
	return &checker{client: client, rec: rec, doc: doc, logf: logf}, nil
}

// report records a finding once.
func (c *checker) report(format string, args ...any) {
	f := fmt.Sprintf(format, args...)
	if !slices.Contains(c.findings, f) {
		c.findings = append(c.findings, f)
	}
}

// readOnly lists a page, walks AllInvites one invite per page for a few
// pages, and retrieves one listed invite, checking every answer.
func (c *checker) readOnly(ctx context.Context) error {
	page, err := c.client.ListInvites(ctx, nil)
	if err != nil {
		return fmt.Errorf("list a page: %w", err)
	}
	checkAnswers[gen.InviteListResponse](c, "list-invites", http.MethodGet, "/organization/invites")
	c.logf("list-invites: %d invites on the first page, has_more=%t", len(page.Data), page.HasMore)

	var walked []string
	for inv, err := range c.client.AllInvites(ctx, &api.ListInvitesParams{Limit: api.Ptr(1)}) {
		if err != nil {
			return fmt.Errorf("walk AllInvites with limit 1: %w", err)
		}
		walked = append(walked, inv.ID)
		if len(walked) == walkPages {
			break
		}
	}
	checkAnswers[gen.InviteListResponse](c, "list-invites (limit 1)", http.MethodGet, "/organization/invites")
	c.logf("AllInvites with limit 1: walked %d pages", len(walked))
	var listed []string
	for _, inv := range page.Data {
		listed = append(listed, inv.ID)
	}
	if n := min(len(walked), len(listed)); !slices.Equal(walked[:n], listed[:n]) {
		c.report("list-invites: pages of 1 give the invites %v, a page of %d gives %v: the order is not stable", walked[:n], len(listed), listed[:n])
	}

	if len(page.Data) == 0 {
		c.logf("retrieve-invite: skipped, the organization has no invites")
		return nil
	}
	want := page.Data[0]
	got, err := c.client.GetInvite(ctx, want.ID)
	if err != nil {
		return fmt.Errorf("retrieve the listed invite: %w", err)
	}
	checkAnswers[gen.Invite](c, "retrieve-invite", http.MethodGet, "/organization/invites/{invite_id}")
	if !reflect.DeepEqual(*got, want) {
		c.report("retrieve-invite: the invite differs from the listed one:\n  listed    %s\n  retrieved %s", asJSON(want), asJSON(*got))
	}
	c.logf("retrieve-invite: retrieved the first listed invite")
	return nil
}

// createAndDelete invites email with no project and the reader role, checks
// the invite, and deletes it again.
func (c *checker) createAndDelete(ctx context.Context, email string) (err error) {
	created, err := c.client.CreateInvite(ctx, api.InviteRequest{Email: email, Role: api.RoleReader, Projects: []api.Project{}})
	if err != nil {
		return fmt.Errorf("create an invite: %w", err)
	}
	checkAnswers[gen.Invite](c, "inviteUser", http.MethodPost, "/organization/invites")
	c.logf("inviteUser: created an invite (status %s)", created.Status)
	deleted := false
	defer func() {
		if !deleted {
			// Clean up even when a check failed, on a context of its own.
			if _, derr := c.client.DeleteInvite(context.WithoutCancel(ctx), created.ID); derr != nil {
				err = errors.Join(err, fmt.Errorf("the invite %s was created but could not be deleted; revoke it by hand: %w", created.ID, derr))
			}
		}
	}()
	if created.Email != email || created.Role != api.RoleReader || created.Status != api.InviteStatusPending || len(created.Projects) != 0 {
		c.report("inviteUser: want a pending reader invite for the address with no project, got %s", asJSON(*created))
	}

	got, err := c.client.GetInvite(ctx, created.ID)
	if err != nil {
		return fmt.Errorf("retrieve the created invite: %w", err)
	}
	checkAnswers[gen.Invite](c, "retrieve-invite (created)", http.MethodGet, "/organization/invites/{invite_id}")
	if !reflect.DeepEqual(*got, *created) {
		c.report("retrieve-invite: the invite differs from the created one:\n  created   %s\n  retrieved %s", asJSON(*created), asJSON(*got))
	}

	del, err := c.client.DeleteInvite(ctx, created.ID)
	if err != nil {
		return fmt.Errorf("delete the created invite: %w", err)
	}
	deleted = true
	checkAnswers[gen.InviteDeleteResponse](c, "delete-invite", http.MethodDelete, "/organization/invites/{invite_id}")
	if !del.Deleted || del.ID != created.ID {
		c.report("delete-invite: want deleted=true for %s, got %s", created.ID, asJSON(*del))
	}
	c.logf("delete-invite: deleted it")

	_, err = c.client.GetInvite(ctx, created.ID)
	c.rec.take()
	if !errors.Is(err, api.ErrNotFound) {
		c.report("retrieve-invite after delete-invite: want a 404 (as the fake answers), got %v", err)
	}
	return nil
}

// checkAnswers checks the successful answers recorded since the last check
// against the spec's 200 schema for the operation and against T, the
// generated type the SDK decodes them into.
func checkAnswers[T any](c *checker, what, method, path string) {
	exchanges := c.rec.take()
	n := 0
	for _, ex := range exchanges {
		if ex.status < 200 || ex.status > 299 {
			continue
		}
		n++
		for _, f := range answerFindings[T](c.doc, method, path, ex.body) {
			c.report("%s: %s", what, f)
		}
	}
	if n == 0 {
		c.report("%s: no successful answer was recorded", what)
	}
}

// answerFindings checks one response body three ways: it validates against
// the operation's 200 schema in the spec (required fields, types,
// nullability); it decodes into T with unknown fields disallowed; and every
// field and enum value in it is one the spec knows.
func answerFindings[T any](doc *openapi3.T, method, path string, body []byte) []string {
	var findings []string
	var raw any
	if err := json.Unmarshal(body, &raw); err != nil {
		return []string{"the body is not JSON: " + err.Error()}
	}

	schema := doc.Paths.Value(path).GetOperation(method).Responses.Value("200").Value.Content["application/json"].Schema
	if err := schema.Value.VisitJSON(raw, openapi3.MultiErrors()); err != nil {
		findings = append(findings, schemaFindings(err)...)
	}

	var v T
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil && !strings.HasPrefix(err.Error(), "json: unknown field") {
		// Unknown fields are listed, all of them, below.
		findings = append(findings, "strict decoding failed: "+err.Error())
	}
	findings = append(findings, unknownFields("", raw, reflect.TypeFor[T]())...)
	findings = append(findings, unknownEnumValues("", reflect.ValueOf(v))...)
	sort.Strings(findings)
	return slices.Compact(findings)
}

// schemaFindings flattens a schema validation error into one line per problem.
func schemaFindings(err error) []string {
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		var out []string
		for _, e := range multi {
			out = append(out, schemaFindings(e)...)
		}
		return out
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		if se.SchemaField == "enum" {
			return nil // unknownEnumValues names the value and its type
		}
		at := ""
		for _, part := range se.JSONPointer() {
			if _, err := strconv.Atoi(part); err == nil {
				at += "[]"
			} else {
				at = join(at, part)
			}
		}
		return []string{fmt.Sprintf("at %s the spec says: %s", cmp.Or(at, "the top"), se.Reason)}
	}
	return []string{"the spec says: " + strings.SplitN(err.Error(), "\n", 2)[0]}
}

// jsonFields maps the JSON names of a struct type's fields to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	return fields
}

// unknownFields lists the fields of raw that the Go type t, and so the spec,
// does not have. Array indices are written [], so that a field that every
// invite on a page carries is one finding.
func unknownFields(path string, raw any, t reflect.Type) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := raw.(map[string]any)
		if !ok {
			return nil
		}
		known := jsonFields(t)
		for name, value := range obj {
			ft, ok := known[name]
			if !ok {
				out = append(out, fmt.Sprintf("field %s is not in the spec", join(path, name)))
				continue
			}
			out = append(out, unknownFields(join(path, name), value, ft)...)
		}
	case reflect.Slice:
		arr, _ := raw.([]any)
		for _, item := range arr {
			out = append(out, unknownFields(path+"[]", item, t.Elem())...)
		}
	}
	return out
}

// unknownEnumValues lists the values of enum fields (the generated string
// types with a Valid method) that the spec's enum does not list. An empty
// value is left to the schema check, which names the missing field.
func unknownEnumValues(path string, v reflect.Value) []string {
	type enum interface{ Valid() bool }
	if v.Kind() == reflect.String && v.CanInterface() {
		if e, ok := v.Interface().(enum); ok && v.String() != "" && !e.Valid() {
			return []string{fmt.Sprintf("%s is %q, which is not in the spec's enum %s", path, v.String(), v.Type().Name())}
		}
		return nil
	}
	var out []string
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			out = unknownEnumValues(path, v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.IsExported() && name != "-" {
				out = append(out, unknownEnumValues(join(path, name), v.Field(i))...)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			out = append(out, unknownEnumValues(path+"[]", v.Index(i))...)
		}
	}
	return out
}

// join appends a field name to a path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// asJSON renders a decoded value for a finding.
func asJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%+v", v)
	}
	return string(b)
}
