//go:build !linux

package infer

// noLinksDir reads files refusing links; only on Linux (openat2).
type noLinksDir struct{}

func openNoLinksDir(string) *noLinksDir { return nil }

func (d *noLinksDir) close() {}

func (d *noLinksDir) read(string) ([]byte, bool, error) { return nil, false, nil }

func (d *noLinksDir) readImports(string, *[]byte) ([]goImport, bool, error) { return nil, false, nil }

func (d *noLinksDir) readOnce(string, *[]byte) ([]byte, bool) { return nil, false }
