//go:build unix

package results

import (
	"errors"
	"syscall"
)

// pidAlive reports whether a process pid is running on this host (known:
// whether that could be told).
func pidAlive(pid int) (alive, known bool) {
	if pid <= 0 {
		return false, false
	}
	err := syscall.Kill(pid, 0)
	switch {
	case err == nil, errors.Is(err, syscall.EPERM):
		return true, true
	case errors.Is(err, syscall.ESRCH):
		return false, true
	}
	return false, false
}
