package synth

import (
	"fmt"
	"hash/fnv"
	"path"
	"strings"
)

// content is the text of a file at an edit: a stable body sized by the path,
// and a header that names the edit, so that every edit changes the file a
// little, as a real change does.
func content(p string, edit int) []byte {
	h := fnv.New32a()
	h.Write([]byte(p))
	lines := 4 + int(h.Sum32()%24)
	var b strings.Builder
	base := path.Base(p)
	switch ext := path.Ext(p); ext {
	case ".go":
		pkg := path.Base(path.Dir(p))
		if pkg == "." || strings.HasPrefix(pkg, "svc-") {
			pkg = "main"
		}
		fmt.Fprintf(&b, "package %s\n\n// %s, edit %d.\n\n", strings.ReplaceAll(pkg, "-", "_"), base, edit)
		for i := range lines {
			fmt.Fprintf(&b, "func f%d(x int) int { return x * %d }\n", i, i+1)
		}
		fmt.Fprintf(&b, "\nfunc edit() int { return %d }\n", edit)
	case ".md":
		fmt.Fprintf(&b, "# %s\n\nEdit %d.\n\n", strings.TrimSuffix(base, ext), edit)
		for i := range lines {
			fmt.Fprintf(&b, "Paragraph %d of %s explains one part of the system.\n", i, p)
		}
	case ".sh":
		fmt.Fprintf(&b, "#!/bin/sh\n# %s, edit %d\nset -eu\n", base, edit)
		for i := range lines {
			fmt.Fprintf(&b, "echo step %d \"$@\"\n", i)
		}
	case ".json":
		fmt.Fprintf(&b, "{\n  \"edit\": %d,\n  \"cases\": [\n", edit)
		for i := range lines {
			fmt.Fprintf(&b, "    {\"in\": %d, \"want\": %d},\n", i, i*i)
		}
		b.WriteString("    {}\n  ]\n}\n")
	default:
		fmt.Fprintf(&b, "# %s, edit %d\n", p, edit)
		for i := range lines {
			fmt.Fprintf(&b, "field_%d: value %d\n", i, i*7)
		}
	}
	return []byte(b.String())
}

// mode is the git file mode of a path: scripts are executable.
func mode(p string) string {
	if strings.HasSuffix(p, ".sh") {
		return "100755"
	}
	return "100644"
}
