package scaffold

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// contractKind is a kind of interface file and how it is recognised.
type contractKind struct {
	kind, suggestion string
	is               func(fsys fs.FS, file string) bool
}

var contractKinds = []contractKind{
	{"openapi", "openapi-diff: e.g. oasdiff breaking (base) (head)", isOpenAPI},
	{"proto", "buf-breaking: e.g. buf breaking --against '.git#branch=main'", func(_ fs.FS, f string) bool { return strings.HasSuffix(f, ".proto") }},
	{"graphql", "graphql-diff: e.g. graphql-inspector diff (base) (head)", func(_ fs.FS, f string) bool {
		return strings.HasSuffix(f, ".graphql") || strings.HasSuffix(f, ".graphqls") || strings.HasSuffix(f, ".gql")
	}},
	{"migrations", "migration-lint: e.g. squawk, or the migration tool's dry run", func(_ fs.FS, f string) bool {
		for _, seg := range strings.Split(dirOf(f), "/") {
			if seg == "migrations" || seg == "migrate" || seg == "db-migrations" {
				return true
			}
		}
		return false
	}},
}

// isOpenAPI reads the head of a YAML or JSON file for an openapi or
// swagger key.
func isOpenAPI(fsys fs.FS, f string) bool {
	ext := path.Ext(f)
	if ext != ".yaml" && ext != ".yml" && ext != ".json" {
		return false
	}
	file, err := fsys.Open(f)
	if err != nil {
		return false
	}
	defer file.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(file, head)
	head = head[:n]
	for _, line := range bytes.Split(head, []byte("\n")) {
		t := bytes.TrimSpace(line)
		for _, k := range []string{"openapi:", "swagger:", `"openapi":`, `"swagger":`, `{"openapi":`, `{"swagger":`} {
			if bytes.HasPrefix(t, []byte(k)) {
				return true
			}
		}
	}
	return false
}

// writeContracts writes a contract per top directory of each kind of
// interface file: a directory holding such files, unless one of its
// parents already does.
func writeContracts(b *bytes.Buffer, fsys fs.FS, files []string, taken map[string]bool) {
	first := true
	for _, k := range contractKinds {
		var dirs []string
		for _, f := range files {
			if strings.Contains(f, "node_modules/") || strings.Contains(f, "/testdata/") || strings.HasPrefix(f, "testdata/") || !k.is(fsys, f) {
				continue
			}
			d := dirOf(f)
			if k.kind == "migrations" {
				d = migrationsDir(d)
			}
			dirs = append(dirs, d)
		}
		slices.Sort(dirs)
		dirs = slices.Compact(dirs)
		var tops []string
		for _, d := range dirs {
			if !slices.ContainsFunc(tops, func(t string) bool { return t == "" || strings.HasPrefix(d, t+"/") }) {
				tops = append(tops, d)
			}
		}
		for _, d := range tops {
			if first {
				b.WriteString("\ncontracts:\n")
				first = false
			}
			glob := d + "/**"
			label := strings.TrimPrefix(strings.ReplaceAll(d, "/", "-"), k.kind+"-")
			if d == "" {
				glob, label = "**/*"+extOf(k.kind), "root"
			}
			gate, hint, _ := strings.Cut(k.suggestion, ": ")
			fmt.Fprintf(b, "  %s:\n    paths: [%s]\n    # gates: [%s]   # %s\n", name(taken, k.kind, label), strconv.Quote(glob), gate, hint)
		}
	}
}

// migrationsDir cuts a directory after its migrations segment.
func migrationsDir(d string) string {
	segs := strings.Split(d, "/")
	for i, s := range segs {
		if s == "migrations" || s == "migrate" || s == "db-migrations" {
			return strings.Join(segs[:i+1], "/")
		}
	}
	return d
}

func extOf(kind string) string {
	switch kind {
	case "proto":
		return ".proto"
	case "graphql":
		return ".graphql"
	case "openapi":
		return ".yaml"
	}
	return ".sql"
}
