package fastyaml

import (
	"strings"
	"testing"
)

// yaml.v3 reads a key as an implicit (simple) key only when its ":" is at
// most 1024 characters after the key's start (scannerc.go
// yaml_simple_key_is_valid); Parse declines keys over 1000 bytes, in
// block and flow mappings alike, so yaml.v3 reports its error
// ("did not find expected ',' or '}'").
func TestParseFastLongFlowKey(t *testing.T) {
	long := strings.Repeat("k", 1025)
	for name, data := range map[string]string{
		"1024 chars is fine":   "a: {" + strings.Repeat("k", 1024) + ": b}\n",
		"plain key":            "a: {" + long + ": b}\n",
		"double-quoted key":    "a: {\"" + long[2:] + "\": b}\n",
		"blanks before colon":  "a: {k" + strings.Repeat(" ", 1024) + ": b}\n",
		"nested in a sequence": "a: [{" + long + ": b}]\n",
	} {
		t.Run(name, func(t *testing.T) { checkFast(t, []byte(data)) })
	}
}
