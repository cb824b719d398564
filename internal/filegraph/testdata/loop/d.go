package loop

// N uses only what c.go defines: no loop.
func (t T) N() int { return t.n }
