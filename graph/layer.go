package graph

import "fmt"

// MarshalText encodes a layer by name ("contract", "global", "local",
// "smoke"), so JSON output says what it means.
func (l Layer) MarshalText() ([]byte, error) {
	if l < 0 || int(l) >= len(layerNames) {
		return nil, fmt.Errorf("marshal layer: unknown layer %d", int(l))
	}
	return []byte(layerNames[l]), nil
}

// UnmarshalText decodes a layer name.
func (l *Layer) UnmarshalText(b []byte) error {
	for i, n := range layerNames {
		if n == string(b) {
			*l = Layer(i)
			return nil
		}
	}
	return fmt.Errorf("unmarshal layer: unknown layer %q", b)
}
