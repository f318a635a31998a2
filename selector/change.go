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

// Revision is a revision as asked and the commit it resolved to
// (gitrepo.Revision).
type Revision = gitrepo.Revision
