// Package topdown reads top-down: a.go uses b.go, which uses nothing.
package topdown

// A uses B, its method and its field.
func A() int { var b B; return b.m() + b.n }
