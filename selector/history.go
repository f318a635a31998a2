package selector

import "github.com/gatesel/gatesel/selector/gitrepo"

// Errors about the history a change is computed from, as package gitrepo
// returns them. Check them with errors.Is.
var (
	ErrNoBase      = gitrepo.ErrNoBase
	ErrShallow     = gitrepo.ErrShallow
	ErrNoMergeBase = gitrepo.ErrNoMergeBase
)

// HistoryError is an error about missing or unrelated history (gitrepo.HistoryError).
type HistoryError = gitrepo.HistoryError
