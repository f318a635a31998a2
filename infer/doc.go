// Package infer reads a repository's own manifests — go.work and go.mod,
// package.json workspaces and pnpm-workspace.yaml, Cargo and uv
// workspaces — and returns its services (modules, workspace packages,
// crates, projects) with the dependencies between them; and it compares
// two revisions of a lockfile or requirement file to tell which services'
// resolved dependencies differ.
//
// It is a leaf package: it reads an fs.FS (a work tree, or a revision's
// tree) and bytes, and knows nothing of git or of gates.yaml. graph.Load
// runs it for the infer: section of a policy, on the tree the policy is
// read from, so each revision's graph comes from its own manifests.
//
//	res, err := infer.Infer(ctx, os.DirFS("."), infer.Options{Ecosystems: []infer.Ecosystem{infer.Go, infer.NPM}})
//	for _, s := range res.Services {
//		fmt.Println(s.Name, s.Dir, s.Manifest, s.DependsOn)
//	}
//	change := res.CompareLock("pnpm-lock.yaml", baseBytes, headBytes)
//	// change.All, change.Reason, or change.Services: name -> "lockfile: pnpm-lock.yaml: lodash 4.17.20 -> 4.17.21"
//
// Parsers: golang.org/x/mod/modfile for go.mod and go.work (the go tool's
// own), github.com/pelletier/go-toml/v2 for Cargo.toml, pyproject.toml,
// Cargo.lock and uv.lock, encoding/json for package.json and
// package-lock.json, yaml.v3 for pnpm-workspace.yaml, and a small reader
// of its own for the indented block structure of pnpm-lock.yaml and
// yarn.lock (v1 and berry): yaml.v3 takes about a second on a
// 50,000-package pnpm-lock.yaml, and yarn v1's format is not YAML. In
// go.work mode the modules' Go files are read as far as their import
// block, with go/scanner and go/parser's ImportsOnly grammar (and a
// faster reader of ASCII headers that agrees with it): the go tool
// resolves a workspace module's imports through go.work, required or not
// (see inferGo's rule in golang.go). A revision's tree that names its
// blobs and a work tree of the same repository has its Go files read from
// the work tree when the bytes there are the blob (workTreeBlobs).
package infer
