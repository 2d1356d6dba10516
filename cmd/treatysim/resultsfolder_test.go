package main

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/treatysim/treatysim/results"
)

// TestKill9DuringRunLeavesStagingFolder: kill -9 during run left an
// empty hidden results-out/.NAME.tmp-NNN folder forever. The staging
// folder of a killed process is removed by the next write beside it.
func TestKill9DuringRunLeavesStagingFolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no kill -9 on Windows")
	}
	if testing.Short() {
		t.Skip("starts the flagship")
	}
	clearArrayJobEnv(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cmd := exec.Command(exe, "--", "run", "ahc", "--runs", "10000000", "--workers", "1", "--out", filepath.Join(dir, "out"))
	cmd.Env = append(os.Environ(), "TREATYSIM_AS_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	var staging []string
	for deadline := time.Now().Add(30 * time.Second); len(staging) == 0; {
		if time.Now().After(deadline) {
			t.Fatal("no staging folder appeared within 30 s")
		}
		time.Sleep(20 * time.Millisecond)
		staging, _ = filepath.Glob(filepath.Join(dir, ".out.tmp-*"))
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no handler runs
		t.Fatal(err)
	}
	cmd.Wait()
	if _, err := os.Stat(staging[0]); err != nil {
		t.Fatalf("the killed process's staging folder is not there to clean: %v", err)
	}

	mustRun(t, exitOK, "run", "toy", "--out", filepath.Join(dir, "next"))
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("after the next run the folder still holds %v", left)
	}
}

// TestMergedFolderExplainPlot: a merged folder held only summary.json,
// so explain and plot refused it ("no scenario.json") and compare could
// not replay it. merge now writes what run --runs N writes: the same
// files, byte for byte but for the perf figures, and explain, plot and
// compare read it.
func TestMergedFolderExplainPlot(t *testing.T) {
	clearArrayJobEnv(t)
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	args := []string{"run", "toy", "--runs", "40", "--seed", "3", "--workers", "2"}
	mustRun(t, exitOK, append(args, "--out", out("whole"))...)
	mustRun(t, exitOK, append(args, "--shard", "0/2", "--out", out("shards"))...)
	mustRun(t, exitOK, append(args, "--shard", "1/2", "--out", out("shards"))...)
	mustRun(t, exitOK, "merge", out("shards"), "--out", out("merged"))

	whole, merged := readTree(t, out("whole")), readTree(t, out("merged"))
	if got, want := slices.Sorted(maps.Keys(merged)), slices.Sorted(maps.Keys(whole)); !slices.Equal(got, want) {
		t.Errorf("merged folder holds %v, the whole %v", got, want)
	}
	for name, b := range whole {
		// summary.json differs by its perf, and report.html shows it.
		if name != "summary.json" && name != "report.html" && !bytes.Equal(merged[name], b) {
			t.Errorf("%s differs between the merged folder and the whole", name)
		}
	}
	for _, f := range []string{"scenario.json", "report.html", "plots/survival.png", results.MarkerName} {
		if _, ok := merged[f]; !ok {
			t.Errorf("the merged folder has no %s", f)
		}
	}

	mustRun(t, exitOK, "explain", out("merged"))
	mustRun(t, exitOK, "plot", out("merged"))
	mustRun(t, exitOK, "compare", out("merged"), out("whole"), "--out", out("compared"))
	// Redrawn, it is still a folder --force may replace.
	if problem := results.Replaceable(out("merged")); problem != "" {
		t.Errorf("after plot, the merged folder is not replaceable: %s", problem)
	}
	mustRun(t, exitOK, "merge", out("shards"), "--out", out("merged"), "--force")
}
