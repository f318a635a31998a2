package evidence_test

import (
	"context"
	"io/fs"
	"testing"

	"github.com/gatesel/gatesel/selector/gitrepo"
)

// repoTree is a commit's tree as an fs.FS.
func repoTree(t *testing.T, dir, commit string) (fs.FS, error) {
	r, err := gitrepo.Open(context.Background(), dir)
	if err != nil {
		return nil, err
	}
	return r.TreeFS(context.Background(), commit)
}
