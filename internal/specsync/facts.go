package specsync

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/speakeasy-api/openapi/jsonschema/oas3"
	"github.com/speakeasy-api/openapi/openapi"
	"github.com/speakeasy-api/openapi/references"
	"github.com/speakeasy-api/openapi/sequencedmap"
	"gopkg.in/yaml.v3"
)

// Keys that the facts file adds to what it takes from upstream.
const (
	// keySHA256 is the SHA-256 of the upstream file, in info.
	keySHA256 = "x-upstream-sha256"
	// keyProse maps the JSON pointer of every removed upstream text to its
	// SHA-256, at the top level.
	keyProse = "x-upstream-prose"
)

// rootsPath is the temporary path that holds Subset.Components while unused
// components are cleaned away.
const rootsPath = "/x-specsync-roots"

// Facts extracts the subset from upstream, the bytes of OpenAI's whole
// description: the subset's paths, every component they or the subset's
// components reference, transitively, and nothing else; upstream's
// descriptions and summaries removed, each remembered by its SHA-256; and
// upstream's info.version and the SHA-256 of upstream recorded in info.
// Facts that Facts made before come back unchanged, so that the sync can
// re-run without the upstream file.
func Facts(ctx context.Context, upstream []byte, subset *Subset) ([]byte, error) {
	isFacts, err := checkHeader(upstream, subset)
	if err != nil {
		return nil, err
	}
	if isFacts {
		return upstream, nil
	}
	doc, _, err := openapi.Unmarshal(ctx, bytes.NewReader(upstream), openapi.WithSkipValidation())
	if err != nil {
		return nil, fmt.Errorf("not OpenAPI: %w", err)
	}
	if err := keepSubset(ctx, doc, subset); err != nil {
		return nil, err
	}
	prose := collectProse(ctx, doc)
	var buf bytes.Buffer
	if err := openapi.Marshal(ctx, doc, &buf); err != nil {
		return nil, fmt.Errorf("writing the subset: %w", err)
	}
	root, err := parseNode(buf.Bytes())
	if err != nil {
		return nil, err
	}
	dropExtensions(root)
	if err := checkRefs(root); err != nil {
		return nil, err
	}
	for _, p := range prose {
		if err := deletePointer(root, p.pointer); err != nil {
			return nil, err
		}
	}
	sum := sha256.Sum256(upstream)
	setKey(mapValue(root, "info"), keySHA256, scalar(hex.EncodeToString(sum[:])))
	hashes := &yaml.Node{Kind: yaml.MappingNode}
	for _, p := range prose {
		setKey(hashes, p.pointer, scalar(p.sha256))
	}
	setKey(root, keyProse, hashes)
	return encodeNode(root, "")
}

// keepSubset removes every path but the subset's and the webhooks, and then
// every component that nothing kept references.
func keepSubset(ctx context.Context, doc *openapi.OpenAPI, subset *Subset) error {
	if doc.Paths == nil {
		return fmt.Errorf("paths: none: this is not a description of the invites API")
	}
	var drop []string
	for p := range doc.Paths.Keys() {
		if !slices.Contains(subset.Paths, p) {
			drop = append(drop, p)
		}
	}
	for _, p := range drop {
		doc.Paths.Delete(p)
	}
	doc.Webhooks = nil
	if len(subset.Components) > 0 {
		item := openapi.NewPathItem()
		item.Set(openapi.HTTPMethodGet, rootsOperation(subset.Components))
		doc.Paths.Set(rootsPath, openapi.NewReferencedPathItemFromPathItem(item))
	}
	if err := openapi.Clean(ctx, doc); err != nil {
		return fmt.Errorf("cleaning unused components: %w", err)
	}
	doc.Paths.Delete(rootsPath)
	return nil
}

// rootsOperation is an operation that references each of refs, so that
// cleaning keeps them and what they reference.
func rootsOperation(refs []string) *openapi.Operation {
	op := &openapi.Operation{Responses: openapi.NewResponses()}
	for i, ref := range refs {
		kind, _, _ := componentRef(ref) // checked by ParseSubset
		r := references.Reference(ref)
		code := strconv.Itoa(200 + i)
		switch kind {
		case "responses":
			op.Responses.Set(code, openapi.NewReferencedResponseFromRef(r))
		case "parameters":
			op.Parameters = append(op.Parameters, openapi.NewReferencedParameterFromRef(r))
		case "schemas":
			resp := &openapi.Response{Description: code, Content: sequencedmap.New(
				sequencedmap.NewElem("application/json", &openapi.MediaType{Schema: oas3.NewJSONSchemaFromReference(r)}))}
			op.Responses.Set(code, openapi.NewReferencedResponseFromResponse(resp))
		case "headers":
			resp := &openapi.Response{Description: code, Headers: sequencedmap.New(
				sequencedmap.NewElem("h", openapi.NewReferencedHeaderFromRef(r)))}
			op.Responses.Set(code, openapi.NewReferencedResponseFromResponse(resp))
		}
	}
	return op
}

// dropExtensions removes the document's own extensions, such as OpenAI's
// navigation of the whole API: they describe the whole file, not the subset.
func dropExtensions(root *yaml.Node) {
	for i := 0; i+1 < len(root.Content); {
		if strings.HasPrefix(root.Content[i].Value, "x-") {
			root.Content = append(root.Content[:i], root.Content[i+2:]...)
			continue
		}
		i += 2
	}
}
