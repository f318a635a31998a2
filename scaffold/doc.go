// Package scaffold writes a starting gates.yaml for a repository, from what
// the repository holds: `gatesel init` prints or writes what Generate
// returns.
//
// The file holds infer: for the ecosystems package infer finds (a gate and a
// smoke gate per ecosystem, with a command to adjust); one domain per
// CODEOWNERS owner whose rules cover less than the whole tree; a trigger
// (select: all) for the CI and toolchain files found; and a contract, with
// a commented gate suggestion, per OpenAPI, protobuf, GraphQL or migration
// directory found by content or extension. Names are chosen so that the
// file loads at once: domains and contracts never take the name of an
// inferred service.
//
//	out, err := scaffold.Generate(ctx, os.DirFS("."), scaffold.Options{Files: tracked, Owners: rules})
package scaffold
