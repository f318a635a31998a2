package selector

import "github.com/gatesel/gatesel/selector/gitrepo"

// Status is how a path changed, in git's letters (gitrepo.Status).
type Status = gitrepo.Status

// The statuses a change can have (see gitrepo.Status).
const (
	Added    = gitrepo.Added
	Modified = gitrepo.Modified
	Deleted  = gitrepo.Deleted
	Renamed  = gitrepo.Renamed
	Copied   = gitrepo.Copied
	TypeChg  = gitrepo.TypeChg
	Unknown  = gitrepo.Unknown
)

// Change is one changed path, repository-relative, slash-separated, clean
// (gitrepo.Change).
type Change = gitrepo.Change

// Revision is a revision as asked, the commit it resolved to, and, for a
// plan's base, where the revision came from.
type Revision struct {
	Rev    string `json:"rev"`
	Commit string `json:"commit"` // "" for a base that names no commit (an event that runs every gate)
	// Source is where a base came from: SourceFlag, SourceSettings,
	// SourceDefault, or the CI event's (cibase.Event.Source, e.g.
	// "github:merge_group"). "" for the head.
	Source string `json:"source,omitempty"`
}
