package graph

import (
	"bytes"
	_ "embed"
)

//go:embed gates.schema.json
var schema []byte

// SchemaJSON returns the JSON Schema (draft 2020-12) of gates.yaml and of
// its fragments. Editors use it to complete and check the file; the
// loader's checks are stricter (references, layers, globs).
func SchemaJSON() []byte { return bytes.Clone(schema) }
