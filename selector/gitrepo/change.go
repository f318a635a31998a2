package gitrepo

// Status is how a path changed, in git's letters.
type Status string

// The statuses a change can have. A rename or copy read from git is split
// into a deletion of OldPath (renames only) and an addition of Path, so that
// both paths select their gates; Renamed/Copied appear only when the input
// said so (`--files` with name-status lines).
const (
	Added    Status = "A"
	Modified Status = "M"
	Deleted  Status = "D"
	Renamed  Status = "R"
	Copied   Status = "C"
	TypeChg  Status = "T"
	Unknown  Status = "?" // a plain path from --files: how it changed is not known
)

// Change is one changed path, repository-relative, slash-separated, clean.
type Change struct {
	Path    string `json:"path"`
	Status  Status `json:"status"`
	OldPath string `json:"old_path,omitempty"` // the source of a rename or copy
}
