package topdown

// B is used by a.go.
type B struct{ n int }

func (b B) m() int { return b.n }
