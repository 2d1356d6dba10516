package scenarios

import (
	"fmt"
	"strings"
)

// keyedTables are the top-level tables keyed by id, with the name of one
// entry for messages.
var keyedTables = map[string]string{"states": "state", "clauses": "clause", "groups": "group", "clusters": "cluster"}

// setPath sets the value at a dotted key path in a parsed tree, creating
// tables as needed; the segment after an array of tables names an entry by
// its id (sessions.ahc1.rounds).
func setPath(tree map[string]any, key string, value any) error {
	node, last, err := walkPath(tree, key, true)
	if err != nil {
		return err
	}
	switch v := value.(type) {
	case int:
		value = int64(v)
	case float32:
		value = float64(v)
	}
	node[last] = value
	return nil
}

// checkPath reports what setPath would refuse, leaving the tree alone.
func checkPath(tree map[string]any, key string) error {
	_, _, err := walkPath(tree, key, false)
	return err
}

// walkPath follows key through the tree to the table that holds its last
// part. An override may add keys, but not a state, clause, group or
// cluster that the scenario lacks (it would be reported as an entry with
// every required key missing), nor an entry of an array of tables. Without
// create, a table the path would create ends the walk (node is nil).
func walkPath(tree map[string]any, key string, create bool) (node map[string]any, last string, err error) {
	parts := strings.Split(key, ".")
	for _, p := range parts {
		if p == "" {
			return nil, "", fmt.Errorf("%q is not a key path: a part is empty (write parts joined by single dots)", key)
		}
	}
	if len(parts) > MaxKeyDepth {
		return nil, "", fmt.Errorf("a key path of %d parts; the limit is %d (docs/limits.md)", len(parts), MaxKeyDepth)
	}
	if what, ok := keyedTables[parts[0]]; ok && len(parts) > 2 {
		entries, _ := tree[parts[0]].(map[string]any)
		if _, ok := entries[parts[1]]; !ok {
			return nil, "", fmt.Errorf("unknown %s %q: %s", what, parts[1], listIDs(parts[0], sortedKeys(entries)))
		}
	}
	node = tree
	for i := 0; i < len(parts)-1; i++ {
		here := strings.Join(parts[:i+1], ".")
		switch next := node[parts[i]].(type) {
		case map[string]any:
			node = next
		case []map[string]any:
			i++ // the next segment is an id
			if i >= len(parts)-1 {
				return nil, "", fmt.Errorf("%s is an array of tables: name an entry by its id and a key", here)
			}
			var found map[string]any
			var ids []string
			for _, e := range next {
				id, _ := e["id"].(string)
				if id == parts[i] {
					found = e
					break
				}
				if id != "" {
					ids = append(ids, id)
				}
			}
			if found == nil {
				return nil, "", fmt.Errorf("no entry with id %q in %s; the ids there: %s", parts[i], here, strings.Join(ids, ", "))
			}
			node = found
		case nil:
			if !create {
				return nil, parts[len(parts)-1], nil
			}
			m := map[string]any{}
			node[parts[i]] = m
			node = m
		default:
			return nil, "", fmt.Errorf("%s is a value, not a table", here)
		}
	}
	return node, parts[len(parts)-1], nil
}

// listIDs says what the ids of a keyed table are, listing a few.
func listIDs(table string, ids []string) string {
	const shown = 12
	if len(ids) == 0 {
		return fmt.Sprintf("the scenario has no [%s.ID] tables", table)
	}
	list := strings.Join(ids[:min(shown, len(ids))], ", ")
	if len(ids) > shown {
		list += fmt.Sprintf(", ... (%d in all)", len(ids))
	}
	return fmt.Sprintf("the ids are the keys of the scenario's [%s.ID] tables (treatysim show NAME prints a shipped scenario): %s", table, list)
}
