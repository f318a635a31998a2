//go:build !linux

package infer

// noLinksDir reads files refusing links; only on Linux (openat2).
type noLinksDir struct{}

func openNoLinksDir(string) *noLinksDir { return nil }

func (d *noLinksDir) close() {}

func (d *noLinksDir) read(string) ([]byte, bool, error) { return nil, false, nil }

func (d *noLinksDir) readImports(string, *[]byte, bool) ([]goImport, bool, []byte, error) {
	return nil, false, nil, nil
}
