package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// shardSpec is a slice i of n of a Monte Carlo.
type shardSpec struct{ index, count int }

// parseShard reads "i/n", 0 <= i < n.
func parseShard(s string) (shardSpec, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return shardSpec{}, usagef("--shard %q: want i/n with 0 <= i < n, e.g. 0/4", s)
	}
	return shardSpec{i, n}, nil
}

// shardFromEnv reads the shard from the array-job variables of Slurm,
// Kubernetes Indexed Jobs and AWS Batch. The index comes from
// SLURM_ARRAY_TASK_ID (less SLURM_ARRAY_TASK_MIN), JOB_COMPLETION_INDEX or
// AWS_BATCH_JOB_ARRAY_INDEX; the count from SLURM_ARRAY_TASK_COUNT or, for
// the others (which do not export it), TREATYSIM_SHARDS.
func shardFromEnv(getenv func(string) string) (shardSpec, bool, error) {
	index, source, found := 0, "", false
	for _, v := range []string{"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"} {
		if s := getenv(v); s != "" {
			i, err := strconv.Atoi(s)
			if err != nil {
				return shardSpec{}, false, usagef("%s=%q is not a number", v, s)
			}
			index, source, found = i, v, true
			break
		}
	}
	if !found {
		return shardSpec{}, false, nil
	}
	if source == "SLURM_ARRAY_TASK_ID" {
		if m := getenv("SLURM_ARRAY_TASK_MIN"); m != "" {
			lo, err := strconv.Atoi(m)
			if err != nil {
				return shardSpec{}, false, usagef("SLURM_ARRAY_TASK_MIN=%q is not a number", m)
			}
			index -= lo
		}
	}
	count := getenv("TREATYSIM_SHARDS")
	if source == "SLURM_ARRAY_TASK_ID" && getenv("SLURM_ARRAY_TASK_COUNT") != "" {
		count = getenv("SLURM_ARRAY_TASK_COUNT")
	}
	if count == "" {
		return shardSpec{}, false, usagef("%s is set but the number of shards is not: set TREATYSIM_SHARDS or give --shard i/n", source)
	}
	spec, err := parseShard(fmt.Sprintf("%d/%s", index, count))
	if err != nil {
		return shardSpec{}, false, usagef("shard from %s: %v", source, err)
	}
	return spec, true, nil
}

// shardOf returns the shard to play: --shard i/n if given, else the one
// of the array-job environment (fromEnv true), else nil.
func shardOf(flag string) (shard *shardSpec, fromEnv bool, err error) {
	if flag != "" {
		s, err := parseShard(flag)
		if err != nil {
			return nil, false, err
		}
		return &s, false, nil
	}
	s, ok, err := shardFromEnv(os.Getenv)
	if err != nil || !ok {
		return nil, false, err
	}
	return &s, true, nil
}
