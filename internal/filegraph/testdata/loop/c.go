package loop

// T is a type whose method d.go defines.
type T struct{ n int }
