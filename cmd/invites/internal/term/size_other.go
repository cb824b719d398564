//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package term

import "os"

// size cannot ask a terminal on this system; 0 leaves the width to
// $COLUMNS.
func size(*os.File) int { return 0 }

// onResize has no resize signal to hear on this system.
func onResize(func()) func() { return func() {} }
