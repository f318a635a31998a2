package evidence_test

import (
	"context"
	"io/fs"
	"testing"

	"github.com/gatesel/gatesel/selector"
)

// repoTree is a commit's tree as an fs.FS.
func repoTree(t *testing.T, dir, commit string) (fs.FS, error) {
	r, err := selector.OpenRepo(context.Background(), dir)
	if err != nil {
		return nil, err
	}
	return r.TreeFS(context.Background(), commit)
}
