package results

import (
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// A results folder is staged in a temporary folder beside it named
// .NAME.tmp-PID-HOST-RANDOM (HOST: a hash of the host name), so that the
// staging folder of a process that was killed (kill -9, a power cut) can
// be told from one still being written, and removed by the next Stage in
// the same place.

// staleAge is how old a staging folder must be before it is taken for
// abandoned when its process cannot be asked (another host, or one
// written before staging names held the process).
const staleAge = 24 * time.Hour

// maxTempBase keeps staging names within the file system's limit on a
// name; a longer NAME is cut.
const maxTempBase = 64

var (
	stagingName = regexp.MustCompile(`^\.(.+)\.tmp-([0-9]+)-([0-9a-f]{8})-[0-9]+(\.old)?$`)
	legacyStage = regexp.MustCompile(`^\.(.+)\.tmp-[0-9]+(\.old)?$`)
)

// hostTag identifies this host in staging names.
var hostTag = func() string {
	name, _ := os.Hostname()
	h := fnv.New32a()
	h.Write([]byte(name))
	return fmt.Sprintf("%08x", h.Sum32())
}()

// tempPattern is the os.MkdirTemp pattern of the staging folder of a
// results folder named base.
func tempPattern(base string) string {
	if len(base) > maxTempBase {
		base = base[:maxTempBase]
	}
	return fmt.Sprintf(".%s.tmp-%d-%s-*", base, os.Getpid(), hostTag)
}

// cleanStale removes from parent the staging folders of processes that
// are gone: on this host, those whose process is no longer running;
// otherwise those untouched for staleAge. A folder being replaced when
// its process died (.NAME.tmp-....old) is the user's previous results:
// it is put back as NAME if nothing has taken its place. Errors are
// ignored: cleaning is a courtesy, never a reason to fail a write.
func cleanStale(parent string, now time.Time) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name, old, stale := "", false, false
		p := filepath.Join(parent, e.Name())
		if m := stagingName.FindStringSubmatch(e.Name()); m != nil {
			name, old = m[1], m[4] != ""
			pid, err := strconv.Atoi(m[2])
			alive, known := pidAlive(pid)
			if err == nil && m[3] == hostTag && known {
				stale = !alive
			} else {
				stale = abandoned(p, now.Add(-staleAge), nil)
			}
		} else if m := legacyStage.FindStringSubmatch(e.Name()); m != nil {
			// Written before staging names held the process: only its
			// age tells, and only files treatysim writes may be in it.
			name, old = m[1], m[2] != ""
			stale = abandoned(p, now.Add(-staleAge), legacyName)
		}
		if !stale {
			continue
		}
		if !old {
			os.RemoveAll(p)
			continue
		}
		if len(name) >= maxTempBase {
			continue // the name may have been cut: leave the user's folder be
		}
		target := filepath.Join(parent, name)
		if _, err := os.Lstat(target); err == nil {
			os.RemoveAll(p) // the new folder took its place before the process died
		} else {
			os.Rename(p, target)
		}
	}
}

// abandoned reports whether nothing in the staging folder dir was
// modified after t and, when ours is given, every file in it is one
// treatysim writes.
func abandoned(dir string, t time.Time, ours func(string) bool) bool {
	fresh := false
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if fi.ModTime().After(t) || (ours != nil && !d.IsDir() && !(fi.Mode().IsRegular() && ours(filepath.ToSlash(rel)))) {
			fresh = true
			return fs.SkipAll
		}
		return nil
	})
	return err == nil && !fresh
}
