package loop

// b uses c of a.go.
func b() int { return c }
