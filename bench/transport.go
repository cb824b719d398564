package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Invites of the single-invite workloads.
const (
	// GetIndex is the invite that get and create answer with: accepted, with
	// four projects.
	GetIndex = 9
	// DeleteIndex is the invite that delete deletes.
	DeleteIndex = 2
)

// Canned holds the answers of the API to the benchmark's requests as bytes,
// made once: the invite that get and create return, the answer to a delete,
// and every page of a walk over WalkTotal invites. It is read-only once made.
type Canned struct {
	Invite  []byte
	Deleted []byte
	Pages   [][]byte // Pages[k] starts with invite k*PageSize
	header  http.Header
}

// NewCanned encodes the fixture's answers, with the pages of a walk over
// WalkTotal invites if pages is true.
func NewCanned(pages bool) *Canned {
	c := &Canned{
		Invite:  InviteJSON(GetIndex),
		Deleted: DeletedJSON(DeleteIndex),
		header:  http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {RequestID}},
	}
	for start := 0; pages && start < WalkTotal; start += PageSize {
		c.Pages = append(c.Pages, PageJSON(start, WalkTotal))
	}
	return c
}

// answer is what the API says to one request.
type answer struct {
	status int
	body   []byte
}

// pageSource returns the page that starts with invite number start.
type pageSource func(start int) []byte

// Server answers the four operations the way the API does, from a page
// source and canned single answers. With Verify set it also checks each
// request (admin key, method, path, query and body) and answers a request
// that is not what the workload should send with a 400, so that a client that
// cuts corners fails. OnList, if set, runs at each list request.
type Server struct {
	canned *Canned
	pages  pageSource
	Verify atomic.Bool
	OnList func()

	mu       sync.Mutex
	problems []string
}

// NewServer returns a Server over the canned answers.
func NewServer(c *Canned) *Server {
	return &Server{canned: c, pages: func(start int) []byte {
		if start%PageSize != 0 || start/PageSize >= len(c.Pages) {
			return nil
		}
		return c.Pages[start/PageSize]
	}}
}

// NewGeneratingServer returns a Server whose pages, of total invites in all,
// are encoded on the fly, so that the pages of a long walk are never all in
// memory at once.
func NewGeneratingServer(c *Canned, total int) *Server {
	return &Server{canned: c, pages: func(start int) []byte {
		if start%PageSize != 0 || start >= total {
			return nil
		}
		return PageJSON(start, total)
	}}
}

// Problems returns what was wrong with the requests, when Verify is set.
func (s *Server) Problems() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.problems...)
}

func (s *Server) fail(format string, args ...any) answer {
	s.mu.Lock()
	s.problems = append(s.problems, fmt.Sprintf(format, args...))
	s.mu.Unlock()
	return answer{http.StatusBadRequest, []byte(`{"error":{"message":"the benchmark did not expect this request","type":"invalid_request_error","param":null,"code":null}}`)}
}

// answer routes a request. path is the escaped path and query the raw query.
func (s *Server) answer(method, path, query string, header http.Header, body io.Reader) answer {
	verify := s.Verify.Load()
	if verify && header.Get("Authorization") != "Bearer "+AdminKey {
		return s.fail("%s %s: wrong or missing Authorization header", method, path)
	}
	switch {
	case path == collectionPath && method == http.MethodGet:
		return s.list(query, verify)
	case path == collectionPath && method == http.MethodPost:
		if verify {
			if p := checkCreate(header, body); p != "" {
				return s.fail("POST %s: %s", path, p)
			}
		}
		return answer{http.StatusOK, s.canned.Invite}
	case strings.HasPrefix(path, itemPrefix) && method == http.MethodGet:
		if id := path[len(itemPrefix):]; verify && id != InviteID(GetIndex) {
			return s.fail("GET %s: unexpected invite id", path)
		}
		return answer{http.StatusOK, s.canned.Invite}
	case strings.HasPrefix(path, itemPrefix) && method == http.MethodDelete:
		if id := path[len(itemPrefix):]; verify && id != InviteID(DeleteIndex) {
			return s.fail("DELETE %s: unexpected invite id", path)
		}
		return answer{http.StatusOK, s.canned.Deleted}
	}
	return s.fail("%s %s: unknown operation", method, path)
}

// list answers a list request: limit=100 and, after the first page, the
// after cursor, in any order.
func (s *Server) list(query string, verify bool) answer {
	start, limit := 0, ""
	for query != "" {
		var kv string
		kv, query, _ = strings.Cut(query, "&")
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "limit":
			limit = v
		case "after":
			i := inviteIndex(v)
			if i < 0 {
				return s.fail("GET %s: after=%q is not an invite id", collectionPath, v)
			}
			start = i + 1
		default:
			if verify {
				return s.fail("GET %s: unexpected query parameter %q", collectionPath, k)
			}
		}
	}
	if verify && limit != strconv.Itoa(PageSize) {
		return s.fail("GET %s: limit=%q, want %d", collectionPath, limit, PageSize)
	}
	if s.OnList != nil {
		s.OnList()
	}
	page := s.pages(start)
	if page == nil {
		return s.fail("GET %s: no page starts after invite %d", collectionPath, start-1)
	}
	return answer{http.StatusOK, page}
}

// checkCreate checks a create request's body and content type.
func checkCreate(header http.Header, body io.Reader) string {
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return "Content-Type " + strconv.Quote(ct)
	}
	if body == nil {
		return "no body"
	}
	var got struct {
		Email    string `json:"email"`
		Role     string `json:"role"`
		Projects []struct {
			ID   string `json:"id"`
			Role string `json:"role"`
		} `json:"projects"`
	}
	if err := json.NewDecoder(body).Decode(&got); err != nil {
		return "body: " + err.Error()
	}
	rec := CreateRecord{Email: got.Email, Role: got.Role}
	for _, p := range got.Projects {
		rec.Projects = append(rec.Projects, ProjectRecord(p))
	}
	if !reflect.DeepEqual(rec, CreateRequest) {
		return fmt.Sprintf("body %+v, want %+v", rec, CreateRequest)
	}
	return ""
}

// RoundTrip answers in memory, as an http.RoundTripper: no sockets, no
// goroutines, so that only the client's own work is measured.
func (s *Server) RoundTrip(req *http.Request) (*http.Response, error) {
	var a answer
	if req.Body != nil {
		a = s.answer(req.Method, req.URL.EscapedPath(), req.URL.RawQuery, req.Header, req.Body)
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	} else {
		a = s.answer(req.Method, req.URL.EscapedPath(), req.URL.RawQuery, req.Header, nil)
	}
	status := "200 OK"
	if a.status != http.StatusOK {
		status = strconv.Itoa(a.status) + " " + http.StatusText(a.status)
	}
	return &http.Response{
		Status:        status,
		StatusCode:    a.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        s.canned.header,
		Body:          &byteBody{b: a.body},
		ContentLength: int64(len(a.body)),
		Request:       req,
	}, nil
}

// ServeHTTP answers over a real connection, as an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a := s.answer(r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header, r.Body)
	h := w.Header()
	for k, v := range s.canned.header {
		h[k] = v
	}
	h["Content-Length"] = []string{strconv.Itoa(len(a.body))}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// byteBody is a response body over a byte slice, in one allocation.
type byteBody struct {
	b   []byte
	off int
}

func (b *byteBody) Read(p []byte) (int, error) {
	if b.off >= len(b.b) {
		return 0, io.EOF
	}
	n := copy(p, b.b[b.off:])
	b.off += n
	return n, nil
}

func (b *byteBody) Close() error { return nil }
