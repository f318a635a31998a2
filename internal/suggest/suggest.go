// Package suggest finds the known name closest to a misspelt one: the
// "did you mean" that every error about an unknown name carries (gate,
// service and key names in gates.yaml, a --profile, an explained gate).
//
//	msg := fmt.Sprintf("unknown gate %q%s", name, suggest.DidYouMean(name, known))
package suggest

import "fmt"

// DidYouMean returns ` (did you mean "x"?)` for the candidate closest to
// name by edit distance, or "" when none is close enough (at most a third
// of the name's length edits away, at least 1 for names of two letters or
// more; none for a one-letter name).
func DidYouMean(name string, candidates []string) string {
	best, bestD := "", -1
	limit := len(name) / 3
	if limit < 1 && len(name) >= 2 {
		limit = 1 // a one-letter name resembles every other one-letter name
	}
	for _, c := range candidates {
		d := editDistance(name, c)
		if d <= limit && (bestD < 0 || d < bestD || (d == bestD && c < best)) {
			best, bestD = c, d
		}
	}
	if bestD < 0 {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the optimal string alignment distance between a and b,
// in bytes: insertions, deletions, substitutions and adjacent
// transpositions ("unti" is one edit from "unit").
func editDistance(a, b string) int {
	if len(a) > 256 || len(b) > 256 { // names are short; never spend quadratic time on junk
		return max(len(a), len(b))
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
