// Package loop has two files that use each other.
package loop

// A is defined here and uses b.
func A() int { return b() + 1 }

// c is used by b.go.
const c = 2
