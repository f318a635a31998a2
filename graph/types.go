package graph

import (
	"fmt"
	"slices"
	"text/template"
)

// Layer is where a gate sits in a plan.
type Layer int

// The layers in plan order.
const (
	LayerContract Layer = iota
	LayerGlobal
	LayerLocal
	LayerSmoke
)

var layerNames = [...]string{"contract", "global", "local", "smoke"}

func (l Layer) String() string {
	if l < 0 || int(l) >= len(layerNames) {
		return fmt.Sprintf("layer(%d)", int(l))
	}
	return layerNames[l]
}

// Layers lists the layers in plan order.
var Layers = []Layer{LayerContract, LayerGlobal, LayerLocal, LayerSmoke}

// Unowned is the policy for changed files that nothing claims.
type Unowned string

// The unowned policies of settings.unowned.
const (
	UnownedAll    Unowned = "all"
	UnownedGlobal Unowned = "global"
	UnownedIgnore Unowned = "ignore"
	UnownedError  Unowned = "error"
)

// Pos is a position in a policy file.
type Pos struct {
	File      string // repository-relative path of the file
	Line, Col int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Settings is the settings: block of the root gates.yaml.
type Settings struct {
	Base              string  // default base revision; "" when unset
	Unowned           Unowned // default UnownedAll
	SmokeDepth        int     // 0 means transitive; otherwise the number of hops
	Codeowners        string  // optional CODEOWNERS path, repository-relative
	CodeownersDialect string  // "", "github" or "gitlab"
}

// Gate is one entry of the catalogue.
type Gate struct {
	Name     string
	Run      string         // template source
	With     map[string]any // free attributes; string leaves are templates
	Profiles []string       // nil: every profile
	Covers   []string       // gate names this gate replaces when selected
	Owners   []string       // who owns a failure
	Layer    Layer          // derived from where the gate is referenced: the earliest of Layers; LayerGlobal when only triggers (or nothing) reference it
	// Layers are the layers the gate is referenced in, in plan order:
	// one, or local and smoke for a gate in both roles (a service's gates
	// and another's, or the same service's, smoke). Empty when nothing
	// references the gate.
	Layers []Layer
	Pos    Pos

	run     *template.Template // parsed at load time
	with    map[string]*template.Template
	runPos  Pos            // where the run value is written; zero for a gate built by hand
	withPos map[string]Pos // where each string of with is written, by its with path
}

// Trigger is a global input that selects named gates or everything.
type Trigger struct {
	Name   string
	Paths  []string
	All    bool     // select: all
	Select []string // gate names when not All; may be empty (claimed on purpose)
	Pos    Pos

	pathPos []Pos // where each of Paths is written (parallel to Paths; shorter for a trigger built by hand)
}

// Contract is an interface with providers and consumers.
type Contract struct {
	Name      string
	Paths     []string // empty: platform-wide, never "changed" by a path
	Gates     []string
	Providers []string // services that list it in provides, sorted
	Consumers []string // services that list it in consumes, sorted
	Pos       Pos

	pathPos []Pos // where each of Paths is written
}

// Service is a unit of code.
type Service struct {
	Name      string
	Paths     []string
	Internal  []string
	Owners    []string // as configured; nil when absent (the selector then uses CODEOWNERS)
	DependsOn []string
	Consumes  []string
	Provides  []string
	Gates     []string
	Smoke     []string
	Domains   []string // domains that list this service, sorted
	Source    string   // the manifest of an inferred service (go.mod, package.json...), "" for a declared one
	Pos       Pos

	inferredPaths    bool  // Paths come from inference (nested services overlap on purpose)
	inferredInternal bool  // Internal comes from inference (Go's default globs)
	depPos           []Pos // where each DependsOn entry written in a policy file is (they come first; inferred ones follow)
	pathPos          []Pos // where each of Paths is written; empty for inferred paths
	internalPos      []Pos // where each of Internal is written
	ownerPos         []Pos // where each of Owners is written
}

// Domain is an ownership lane.
type Domain struct {
	Name     string
	Owners   []string
	Services []string
	Gates    []string
	Pos      Pos

	ownerPos []Pos // where each of Owners is written
}

// Profile is a profile declared in the root file's profiles: section.
type Profile struct {
	Name        string
	Description string
	Pos         Pos
}

// Scope is the data a gate template sees.
type Scope struct {
	Name   string // service, contract or domain name; the gate name for an unscoped gate
	Kind   ScopeKind
	Dir    string   // literal directory prefix of the scope's first path glob; "." for a glob at the root ("go.mod", "**/*.md"); "" when the scope has no paths
	Paths  []string // the scope's path globs
	Owners []string
}

// ScopeKind is what a gate instance is bound to. Templates print it as
// its name ({{.Kind}} is "service").
type ScopeKind string

// Scope kinds.
const (
	ScopeService  ScopeKind = "service"
	ScopeContract ScopeKind = "contract"
	ScopeDomain   ScopeKind = "domain"
	ScopeGlobal   ScopeKind = "global" // an unscoped gate: the scope's name is the gate's
)

// Graph is a loaded, validated policy.
type Graph struct {
	Settings  Settings
	Files     []string // the policy files read: the root file first, then fragments in load order
	Include   []string // the root file's include: globs, repository-relative
	Gates     map[string]*Gate
	Triggers  []*Trigger // in file order
	Contracts map[string]*Contract
	Services  map[string]*Service
	Domains   map[string]*Domain
	Infer     *Infer // the infer: section and what it found; nil without one
	// Profiles are the profiles the root file declares, by name; nil when
	// it has no profiles: section (then a profile exists when a gate lists
	// it). When declared, every gate's profiles and the profile a plan is
	// filtered for must be among them.
	Profiles map[string]*Profile

	// unexported indexes built at load time (classification, dependents)
	idx *index
}

// ServiceClaim is a service that a path belongs to.
type ServiceClaim struct {
	Service  string
	Internal bool // the path is under one of the service's internal globs
}

// Class is everything in the graph that claims one path.
type Class struct {
	Triggers  []string       // names of the triggers whose paths match, in file order
	Contracts []string       // contracts whose paths match, sorted
	Services  []ServiceClaim // the most specific service(s), sorted by name; several only on a tie
	Domains   []string       // domains listing one of Services, sorted (owner-based domain claims are the selector's job)
}

// Claimed reports whether anything in the graph claims the path.
func (c Class) Claimed() bool {
	return len(c.Triggers)+len(c.Contracts)+len(c.Services)+len(c.Domains) > 0
}

// NodeKind tells services from contracts in the dependency graph.
type NodeKind int

// Node kinds.
const (
	ServiceNode NodeKind = iota
	ContractNode
)

// Node is a service or a contract.
type Node struct {
	Kind NodeKind
	Name string
}

// Reached is a service reached from changed nodes by following dependents.
type Reached struct {
	Service string
	Hops    int    // 1 for a direct dependent
	Chain   *Chain // node names from the start to Service, contracts included: ledger -> billing-api -> checkout
}

// declaredDep is where the depends_on entry dep is written in a policy
// file (its first mention), false for an inferred one.
func (s *Service) declaredDep(dep string) (Pos, bool) {
	if i := slices.Index(s.DependsOn, dep); i >= 0 && i < len(s.depPos) {
		return s.depPos[i], true
	}
	return Pos{}, false
}
