package graph

import (
	"context"
	"errors"
	"io/fs"
	"path"
	"slices"

	"github.com/gatesel/gatesel/internal/fastyaml"

	"github.com/gatesel/gatesel/infer"
)

// Infer is the infer: section of the root gates.yaml, with what it found.
//
//	infer:
//	  go:    {gates: [unit], smoke: [smoke]}   # every Go module is a service
//	  npm:   {gates: [build], smoke: [test]}   # every workspace package
//	  cargo: {gates: [unit]}
//	  uv:    {gates: [unit]}
//
// Each ecosystem named makes a service of every module, workspace package,
// crate or project found by package infer (the naming rule is
// infer.Infer's), with the paths below its directory, Go's "**/*_test.go"
// and "**/testdata/**" as internal, the depends_on its manifest gives, and
// the ecosystem's gates and smoke gates. The services are inferred from the
// manifests of the tree the policy is loaded from: a revision's own, so the
// base's and the head's policies of SPEC §5 each have their own graph.
//
// A declared service of the same name extends or overrides the inferred
// one: its depends_on adds to the inferred edges; its paths, internal,
// gates and smoke, when given, replace the inferred ones; owners,
// consumes and provides are the declared ones. Service.Source names the
// manifest either way.
type Infer struct {
	Ecosystems []InferEcosystem // in file order
	Result     *infer.Result    // what inference found in the tree
	Pos        Pos
}

// InferEcosystem is one entry of infer:.
type InferEcosystem struct {
	Ecosystem infer.Ecosystem
	Gates     []string
	Smoke     []string
	Pos       Pos
}

// Enabled reports whether the policy infers services of ecosystem e.
func (in *Infer) Enabled(e infer.Ecosystem) bool {
	if in == nil {
		return false
	}
	for _, x := range in.Ecosystems {
		if x.Ecosystem == e {
			return true
		}
	}
	return false
}

// manifestNames are the file names that shape each ecosystem's graph.
var manifestNames = map[infer.Ecosystem][]string{
	infer.Go:    {"go.mod", "go.work"},
	infer.NPM:   {"package.json", "pnpm-workspace.yaml"},
	infer.Cargo: {"Cargo.toml"},
	infer.UV:    {"pyproject.toml"},
}

// IsManifest reports whether p is a manifest that shapes the inferred
// graph of an ecosystem the policy infers: a go.mod or go.work, a
// package.json or pnpm-workspace.yaml, a Cargo.toml, a pyproject.toml,
// wherever it sits (a manifest added or deleted anywhere may add or remove
// a service or an edge). The selector counts these as policy files, so a
// change that edits one is planned with the base's graph and the head's.
// Lockfiles are not among them: their changes are compared, base against
// head, by the lockfile narrowing.
func (g *Graph) IsManifest(p string) bool {
	if g.Infer == nil || p == "" {
		return false
	}
	base := path.Base(p)
	for _, e := range g.Infer.Ecosystems {
		if slices.Contains(manifestNames[e.Ecosystem], base) {
			return true
		}
	}
	return false
}

// rawInfer is the decoded infer: section.
type rawInfer struct {
	pos  Pos
	ecos []rawEco
}

type rawEco struct {
	eco          infer.Ecosystem
	pos          Pos
	gates, smoke []ref
}

// inferSection decodes infer:.
func (d *decoder) inferSection(k, n *fastyaml.Node) *rawInfer {
	ri := &rawInfer{pos: d.pos(k)}
	d.fields(n, "infer", subject{kind: "infer"}, func(key string, k, v *fastyaml.Node) {
		e := rawEco{eco: infer.Ecosystem(key), pos: d.pos(k)}
		what := subject{kind: "infer " + key}
		if !d.isNull(v) {
			d.fields(v, "infer_ecosystem", what, func(key string, _, v *fastyaml.Node) {
				switch key {
				case "gates":
					e.gates = d.names(v, what.at("gates"))
				case "smoke":
					e.smoke = d.names(v, what.at("smoke"))
				}
			})
		}
		ri.ecos = append(ri.ecos, e)
	})
	return ri
}

// inferServices runs inference over fsys for the root file's infer:
// section and merges the services into the root file's, by the rule of
// Infer. Problems in manifests are errors at their positions.
func inferServices(fsys fs.FS, files []*rawFile, l *errorList) *Infer {
	root := files[0]
	ri := root.infer
	in := &Infer{Pos: ri.pos}
	var ecos []infer.Ecosystem
	for _, e := range ri.ecos {
		in.Ecosystems = append(in.Ecosystems, InferEcosystem{Ecosystem: e.eco, Gates: refNames(e.gates), Smoke: refNames(e.smoke), Pos: e.pos})
		ecos = append(ecos, e.eco)
	}
	// infer's default reader is link-safe (internal/safefs), as Load's own
	res, err := infer.Infer(context.Background(), fsys, infer.Options{Ecosystems: ecos})
	if err != nil {
		addInferErrors(ri.pos, err, l)
		return in
	}
	in.Result = res
	declared := map[string]*rawService{}
	for _, f := range files {
		for _, r := range f.services {
			if _, ok := declared[r.s.Name]; !ok {
				declared[r.s.Name] = r
			}
		}
	}
	for _, s := range res.Services {
		var eco InferEcosystem
		for _, e := range in.Ecosystems {
			if e.Ecosystem == s.Ecosystem {
				eco = e
			}
		}
		edges := make([]ref, len(s.DependsOn))
		for i, e := range s.DependsOn {
			edges[i] = ref{name: e.To, pos: Pos{File: e.Pos.File, Line: e.Pos.Line, Col: max(e.Pos.Col, 1)}}
		}
		if r, ok := declared[s.Name]; ok {
			mergeDeclared(r, s, eco, edges)
			continue
		}
		sv := &Service{
			Name: s.Name, Paths: s.Paths(), Internal: s.Internal(), Gates: eco.Gates, Smoke: eco.Smoke,
			DependsOn: refNames(edges), Source: s.Manifest, inferredPaths: true, inferredInternal: true,
			Pos: Pos{File: s.Manifest, Line: 1, Col: 1},
		}
		root.services = append(root.services, &rawService{s: sv, dependsOn: edges})
	}
	return in
}

// mergeDeclared extends a declared service with the inferred one.
func mergeDeclared(r *rawService, s *infer.Service, eco InferEcosystem, edges []ref) {
	d := r.s
	d.Source = s.Manifest
	if d.Paths == nil {
		d.Paths, d.inferredPaths = s.Paths(), true
	}
	if d.Internal == nil {
		d.Internal, d.inferredInternal = s.Internal(), true
	}
	if r.gates == nil && d.Gates == nil {
		d.Gates = eco.Gates
	}
	if r.s2 == nil && d.Smoke == nil {
		d.Smoke = eco.Smoke
	}
	for _, e := range edges {
		if !slices.Contains(d.DependsOn, e.name) {
			d.DependsOn = append(d.DependsOn, e.name)
			r.dependsOn = append(r.dependsOn, e)
		}
	}
}

// addInferErrors reports inference errors at their manifest positions.
func addInferErrors(at Pos, err error, l *errorList) {
	var walk func(error)
	walk = func(err error) {
		if m, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range m.Unwrap() {
				walk(e)
			}
			return
		}
		var pe *infer.Error
		if errors.As(err, &pe) {
			p := Pos{File: pe.File, Line: max(pe.Line, 1), Col: max(pe.Col, 1)}
			l.add(p, pe.Err)
			return
		}
		l.errorf(at, "infer: %v", err)
	}
	walk(err)
}

// inferKeys are the ecosystems infer: accepts.
var inferKeys = func() []string {
	out := make([]string, len(infer.Ecosystems))
	for i, e := range infer.Ecosystems {
		out[i] = string(e)
	}
	return out
}()
