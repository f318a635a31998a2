package selector

import "fmt"

// Policy says whose gates.yaml and CODEOWNERS decide (Options.Policy).
// The zero value is both when the base revision's policy can be read, else
// the head's.
type Policy string

// Policy choices for Options.Policy.
const (
	PolicyBoth Policy = "both" // the union of the base's and the head's plans when the change edits the policy
	PolicyBase Policy = "base" // the base revision's policy alone
	PolicyHead Policy = "head" // the head's (or the work tree's) policy alone
)

// ParsePolicy returns the policy named s (both, base or head); "" is the
// zero value.
func ParsePolicy(s string) (Policy, error) {
	switch p := Policy(s); p {
	case "", PolicyBoth, PolicyBase, PolicyHead:
		return p, nil
	}
	return "", fmt.Errorf("unknown policy %q (want both, base or head)", s)
}

// OnError says what Compute does when the plan cannot be computed
// (Options.OnError). The zero value is OnErrorFail.
type OnError string

// OnError choices.
const (
	OnErrorFail OnError = "fail" // return the error
	OnErrorAll  OnError = "all"  // plan every gate, with reason fallback
)

// ParseOnError returns the choice named s: fail or all.
func ParseOnError(s string) (OnError, error) {
	switch o := OnError(s); o {
	case OnErrorFail, OnErrorAll:
		return o, nil
	}
	return "", fmt.Errorf("unknown on-error choice %q (want fail or all)", s)
}
