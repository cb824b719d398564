//go:build linux || darwin || freebsd || netbsd || openbsd

package term

import (
	"os"
	"os/signal"
	"syscall"
	"unsafe"
)

// winsize is the kernel's struct winsize.
type winsize struct {
	rows, cols, xpixel, ypixel uint16
}

// size asks the terminal f for its number of columns; 0 when it cannot.
func size(f *os.File) int {
	var ws winsize
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), uintptr(syscall.TIOCGWINSZ), uintptr(unsafe.Pointer(&ws))) //nolint:gosec // the kernel writes a struct winsize, which ws is
	if errno != 0 {
		return 0
	}
	return int(ws.cols)
}

// onResize calls changed each time the terminal is resized (SIGWINCH) and
// returns the function that stops it.
func onResize(changed func()) func() {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGWINCH)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-signals:
				changed()
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(signals)
		close(done)
	}
}
