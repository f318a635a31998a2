// Package graph loads gates.yaml, the policy of gatesel, and answers the
// questions the selector asks of it: what claims a path (Classify), what
// depends on a changed service or contract (Dependents), and what a gate
// instance runs (Scope, Gate.Render).
//
// Loading validates everything at once and reports each problem as an
// *Error "file:line:col: message" (errors joined one a line):
//
//	g, warnings, err := graph.Load(os.DirFS(repoRoot), "gates.yaml")
//	if err != nil {
//		return err // every problem of every file, one a line
//	}
//	for _, w := range warnings {
//		log.Print(w)
//	}
//	class := g.Classify("services/billing/api.go")
//	reached := g.Dependents([]graph.Node{{Kind: graph.ServiceNode, Name: "ledger"}}, g.Settings.SmokeDepth)
//
// Decisions worth knowing:
//   - YAML aliases and merge keys are refused: no alias expansion can blow
//     up, and yaml.v3 bounds the nesting depth; with: values nest at most
//     32 levels deep. Duplicate and unknown keys are errors.
//   - include: globs (doublestar, repository-relative) may not leave the
//     repository; a literal include that names no file is an error, a glob
//     that matches none a warning. Fragments cannot have settings: or
//     include:, so includes never nest or cycle.
//   - A fragment's globs resolve from its directory; a leading "/" anchors
//     at the repository root. The graph holds repository-relative globs.
//   - Services, contracts and domains share one namespace, because each is
//     the SCOPE of gate instance ids (GATE:SCOPE).
//   - Gate templates are text/template with no functions beyond the
//     builtins and no {{define}}/{{template}}: they can read the Scope
//     (.Name, .Kind, .Dir, .Paths, .Owners) and call nothing else. An
//     unknown field is a load error.
//   - A glob names files, with doublestar semantics: "services/billing"
//     matches that path only; write "services/billing/**" for a directory.
//     Lint warns about globs that match no tracked file, and about real
//     ties (equally specific globs of two services), never about nesting.
//   - A gate is in one layer, except that a local gate may also be a smoke
//     gate (one test in two roles): an instance sits in the earliest layer
//     of its reasons, local before smoke (RoleLayer). A contract gate is
//     never in another layer.
//   - profiles: (root file only), when present, declares every profile a
//     gate may list; Profiles is nil without it.
//
// The JSON Schema of the file is SchemaJSON; `gatesel schema gates`
// prints it.
package graph
