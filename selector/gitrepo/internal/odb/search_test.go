package odb

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/stretchr/testify/require"
)

// TestSearchSortedIsBinarySearch checks the interpolation search against
// sort.Search on sorted buckets of one first byte: uniform names (the
// interpolation predicts them), names crowded into a corner (it does
// not), names alike in all the bytes it reads, present and absent names,
// each stride.
func TestSearchSortedIsBinarySearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 64, 65, 200, 3000} {
		for _, spread := range []byte{0xff, 0x03, 0x00} { // uniform, crowded below 0x04, all alike in bytes 1 to 8 but one
			for _, stride := range []int{20, 24} {
				hs := make([]plumbing.Hash, n)
				for i := range hs {
					for j := range hs[i] {
						hs[i][j] = byte(rng.Uint32())
					}
					hs[i][0], hs[i][1] = 7, hs[i][1]&spread
					if spread == 0 {
						copy(hs[i][1:9], "\x00alike!!")
					}
				}
				slices.SortFunc(hs, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
				hs = slices.Compact(hs)
				names := make([]byte, stride*len(hs)+stride) // version 1: each name after a 4-byte offset
				for i, h := range hs {
					copy(names[stride*i+stride-20:], h[:])
				}
				keys := slices.Clone(hs)
				for range 200 {
					var k plumbing.Hash
					for j := range k {
						k[j] = byte(rng.Uint32())
					}
					k[0], k[1] = 7, k[1]&spread
					if spread == 0 && len(keys)%2 == 0 {
						copy(k[1:9], "\x00alike!!")
					}
					keys = append(keys, k)
				}
				for _, k := range keys {
					want := sort.Search(len(hs), func(i int) bool { return bytes.Compare(hs[i][:], k[:]) >= 0 })
					found := want < len(hs) && hs[want] == k
					got, ok := searchSorted(names[stride-20:], stride, 0, len(hs), k)
					require.Equal(t, found, ok, "n=%d spread=%#x %s", n, spread, k)
					require.Equal(t, want, got, "n=%d spread=%#x %s", n, spread, k)
				}
			}
		}
	}
}
