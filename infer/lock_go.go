package infer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"golang.org/x/mod/modfile"
)

// compareGoMod compares a module's go.mod: a changed go or toolchain line
// of the root module concerns every module (the issue's "Go toolchain
// line"), one of another module concerns that module; a changed require,
// replace or exclude concerns the module, with the first difference as
// the reason. Dependents follow by the smoke rules.
func (r *Result) compareGoMod(p string, base, head []byte) LockChange {
	s := r.dirService(Go, path.Dir(p))
	if s == nil {
		return LockChange{}
	}
	one := func(why string) LockChange {
		return LockChange{Services: map[string]string{s.Name: "lockfile: " + p + ": " + why}}
	}
	if base == nil || head == nil {
		return one(map[bool]string{true: "added", false: "deleted"}[base == nil])
	}
	bf, err1 := modfile.Parse(p, base, nil)
	hf, err2 := modfile.Parse(p, head, nil)
	if err1 != nil || err2 != nil {
		return LockChange{All: true, Reason: "lockfile: " + p + ": not understood, every service is concerned: " + firstErr(err1, err2).Error()}
	}
	if d := toolchainDiff(goLine(bf.Go), goLine(hf.Go), toolLine(bf.Toolchain), toolLine(hf.Toolchain)); d != "" {
		if s.Dir == "." {
			return LockChange{All: true, Reason: "lockfile: " + p + ": " + d + ", which concerns every module"}
		}
		return one(d)
	}
	if d := requireDiff(bf.Require, hf.Require); d != "" {
		return one(d)
	}
	if !slices.Equal(replaces(bf.Replace), replaces(hf.Replace)) {
		return one("replace directives changed")
	}
	if !slices.Equal(excludes(bf.Exclude), excludes(hf.Exclude)) {
		return one("exclude directives changed")
	}
	return LockChange{}
}

func goLine(g *modfile.Go) string {
	if g == nil {
		return ""
	}
	return g.Version
}

func toolLine(t *modfile.Toolchain) string {
	if t == nil {
		return ""
	}
	return t.Name
}

func toolchainDiff(bg, hg, bt, ht string) string {
	switch {
	case bg != hg:
		return fmt.Sprintf("go %s -> %s", orNone(bg), orNone(hg))
	case bt != ht:
		return fmt.Sprintf("toolchain %s -> %s", orNone(bt), orNone(ht))
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// requireDiff names the first requirement that differs, by module path.
func requireDiff(base, head []*modfile.Require) string {
	bm, hm := map[string]string{}, map[string]string{}
	for _, q := range base {
		bm[q.Mod.Path] = q.Mod.Version
	}
	for _, q := range head {
		hm[q.Mod.Path] = q.Mod.Version
	}
	var diffs []string
	for _, m := range sortedKeys(hm) {
		if bm[m] != hm[m] {
			diffs = append(diffs, fmt.Sprintf("%s %s -> %s", m, orNone(bm[m]), hm[m]))
		}
	}
	for _, m := range sortedKeys(bm) {
		if _, ok := hm[m]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s %s -> (none)", m, bm[m]))
		}
	}
	slices.Sort(diffs)
	if len(diffs) == 0 {
		return ""
	}
	if len(diffs) > 1 {
		return fmt.Sprintf("%s (+%d more)", diffs[0], len(diffs)-1)
	}
	return diffs[0]
}

func replaces(rs []*modfile.Replace) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Old.String()+" => "+r.New.String())
	}
	slices.Sort(out)
	return out
}

func excludes(es []*modfile.Exclude) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Mod.String())
	}
	slices.Sort(out)
	return out
}

// compareGoSum compares a module's go.sum line by line: the module is
// concerned when any checksum line differs, with the first module whose
// lines differ as the reason.
func (r *Result) compareGoSum(p string, base, head []byte) LockChange {
	s := r.dirService(Go, path.Dir(p))
	if s == nil {
		return LockChange{}
	}
	bl, hl := sumLines(base), sumLines(head)
	bv, hv := map[string][]string{}, map[string][]string{}
	for l := range bl {
		if !hl[l] {
			m, v := sumModule(l)
			bv[m] = append(bv[m], v)
		}
	}
	for l := range hl {
		if !bl[l] {
			m, v := sumModule(l)
			hv[m] = append(hv[m], v)
		}
	}
	mods := append(sortedKeys(bv), sortedKeys(hv)...)
	if len(mods) == 0 {
		return LockChange{}
	}
	slices.Sort(mods)
	m := mods[0]
	why := fmt.Sprintf("lockfile: %s: %s %s -> %s", p, m, versionList(bv[m]), versionList(hv[m]))
	return LockChange{Services: map[string]string{s.Name: why}}
}

func sumLines(data []byte) map[string]bool {
	out := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out[l] = true
		}
	}
	return out
}

// sumModule is the module path and version of a go.sum line.
func sumModule(l string) (string, string) {
	f := strings.Fields(l)
	if len(f) < 2 {
		return l, ""
	}
	return f[0], strings.TrimSuffix(f[1], "/go.mod")
}

func versionList(vs []string) string {
	slices.Sort(vs)
	vs = slices.Compact(vs)
	if len(vs) == 0 {
		return "(none)"
	}
	return strings.Join(vs, ", ")
}

// compareGoWork: a changed go, toolchain or godebug line, or replace,
// concerns every module of the workspace. The use list shapes the graph
// (a policy file for the union), it is no requirement.
func compareGoWork(p string, base, head []byte) LockChange {
	all := func(why string) LockChange {
		return LockChange{All: true, Reason: "lockfile: " + p + ": " + why + ", which concerns every module"}
	}
	if base == nil || head == nil {
		if base == nil && head == nil {
			return LockChange{}
		}
		return all(map[bool]string{true: "added", false: "deleted"}[base == nil])
	}
	bf, err1 := modfile.ParseWork(p, base, nil)
	hf, err2 := modfile.ParseWork(p, head, nil)
	if err1 != nil || err2 != nil {
		return LockChange{All: true, Reason: "lockfile: " + p + ": not understood, every service is concerned: " + firstErr(err1, err2).Error()}
	}
	if d := toolchainDiff(goLine(bf.Go), goLine(hf.Go), toolLine(bf.Toolchain), toolLine(hf.Toolchain)); d != "" {
		return all(d)
	}
	if !slices.Equal(replaces(bf.Replace), replaces(hf.Replace)) {
		return all("replace directives changed")
	}
	var bd, hd []string
	for _, d := range bf.Godebug {
		bd = append(bd, d.Key+"="+d.Value)
	}
	for _, d := range hf.Godebug {
		hd = append(hd, d.Key+"="+d.Value)
	}
	if !slices.Equal(bd, hd) {
		return all("godebug changed")
	}
	return LockChange{}
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// compareRootPackageJSON: the workspace root's overrides (npm),
// resolutions (yarn) and pnpm.overrides, pnpm.patchedDependencies concern
// every package.
func compareRootPackageJSON(p string, base, head []byte) LockChange {
	pick := func(data []byte) (string, error) {
		if data == nil {
			return "", nil
		}
		var v struct {
			Overrides   json.RawMessage `json:"overrides"`
			Resolutions json.RawMessage `json:"resolutions"`
			Pnpm        struct {
				Overrides           json.RawMessage `json:"overrides"`
				PatchedDependencies json.RawMessage `json:"patchedDependencies"`
			} `json:"pnpm"`
		}
		if err := json.Unmarshal(data, &v); err != nil {
			return "", err
		}
		return canonJSON(v.Overrides) + "|" + canonJSON(v.Resolutions) + "|" + canonJSON(v.Pnpm.Overrides) + "|" + canonJSON(v.Pnpm.PatchedDependencies), nil
	}
	return rootBlocks(p, base, head, pick, "overrides or resolutions")
}

// canonJSON re-encodes a JSON value so that formatting does not count.
func canonJSON(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// compareRootCargo: the root Cargo.toml's [patch] and [replace] concern
// every crate, and so do the workspace's [profile] and
// [workspace.dependencies] shared versions... only [patch] and [replace]
// are compared here: [workspace.dependencies] changes reach the lock.
func compareRootCargo(p string, base, head []byte) LockChange {
	pick := func(data []byte) (string, error) {
		if data == nil {
			return "", nil
		}
		var v struct {
			Patch   map[string]any `toml:"patch"`
			Replace map[string]any `toml:"replace"`
		}
		if err := toml.Unmarshal(data, &v); err != nil {
			return "", err
		}
		b, _ := json.Marshal([]any{v.Patch, v.Replace})
		return string(b), nil
	}
	return rootBlocks(p, base, head, pick, "[patch] or [replace]")
}

// compareRootPyproject: the root's [tool.uv] override-dependencies and
// constraint-dependencies concern every project.
func compareRootPyproject(p string, base, head []byte) LockChange {
	pick := func(data []byte) (string, error) {
		if data == nil {
			return "", nil
		}
		var v struct {
			Tool struct {
				UV struct {
					Override   []string `toml:"override-dependencies"`
					Constraint []string `toml:"constraint-dependencies"`
				} `toml:"uv"`
			} `toml:"tool"`
		}
		if err := toml.Unmarshal(data, &v); err != nil {
			return "", err
		}
		b, _ := json.Marshal([]any{v.Tool.UV.Override, v.Tool.UV.Constraint})
		return string(b), nil
	}
	return rootBlocks(p, base, head, pick, "[tool.uv] override or constraint dependencies")
}

// rootBlocks compares the root-level blocks pick extracts.
func rootBlocks(p string, base, head []byte, pick func([]byte) (string, error), what string) LockChange {
	b, err1 := pick(base)
	h, err2 := pick(head)
	if err := firstErr(err1, err2); err != nil {
		return LockChange{All: true, Reason: "lockfile: " + p + ": not understood, every service is concerned: " + err.Error()}
	}
	if b != h && !bytes.Equal(base, head) {
		return LockChange{All: true, Reason: "lockfile: " + p + ": " + what + " changed, which concerns every package"}
	}
	return LockChange{}
}
