//go:build !unix

package results

// pidAlive cannot ask about a process here: staging folders are then
// judged by their age alone.
func pidAlive(pid int) (alive, known bool) { return false, false }
