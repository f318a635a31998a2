package graph

import "maps"

// AcceptedKeys exposes the loader's keys to the schema test.
func AcceptedKeys() map[string][]string { return maps.Clone(keys) }
