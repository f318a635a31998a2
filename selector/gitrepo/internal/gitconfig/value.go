package gitconfig

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Bool reads the entry as git's git_config_bool does: no "=" is true;
// true, yes and on (any case) are true; false, no, off and the empty
// value are false; an integer (as Int reads it) is true when it is not 0.
// Anything else is an error, which git dies with.
func (e Entry) Bool() (bool, error) {
	if e.NoValue {
		return true, nil
	}
	switch strings.ToLower(e.Value) {
	case "true", "yes", "on":
		return true, nil
	case "false", "no", "off", "":
		return false, nil
	}
	if n, err := parseInt(e.Value); err == nil {
		return n != 0, nil
	}
	return false, fmt.Errorf("bad boolean config value '%s' for '%s'", e.Value, e.Key)
}

// Int reads the entry as git's git_config_int does: a C integer in any
// base (0x1, 010, 12), with an optional unit k, m or g (1024, 1024², 1024³),
// within a 32-bit int. Anything else, or no value, is an error, which git
// dies with.
func (e Entry) Int() (int, error) {
	n, err := parseInt(e.Value)
	if err != nil {
		return 0, fmt.Errorf("bad numeric config value '%s' for '%s': %w", e.Value, e.Key, err)
	}
	return n, nil
}

var (
	errUnit  = errors.New("invalid unit")
	errRange = errors.New("out of range")
)

// parseInt is git_parse_signed with an int's limits: strtoimax(v, 0), at
// least one digit, then a unit.
func parseInt(v string) (int, error) {
	s := strings.TrimLeft(v, " \t\n\v\f\r") // strtoimax skips leading space
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	base, digits := 10, s
	switch {
	case len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isHex(s[2]):
		base, digits = 16, s[2:]
	case len(s) > 0 && s[0] == '0':
		base = 8
	}
	n := 0
	for n < len(digits) && digitValue(digits[n]) < base {
		n++
	}
	if n == 0 {
		return 0, errUnit // no digits: strtoimax read nothing
	}
	var factor int64
	switch digits[n:] {
	case "":
		factor = 1
	case "k", "K":
		factor = 1 << 10
	case "m", "M":
		factor = 1 << 20
	case "g", "G":
		factor = 1 << 30
	default:
		return 0, errUnit
	}
	val, err := strconv.ParseUint(digits[:n], base, 64)
	if err != nil || val > math.MaxInt32/uint64(factor) {
		return 0, errRange
	}
	out := int(int64(val) * factor)
	if neg {
		out = -out
	}
	return out, nil
}

func isHex(c byte) bool { return digitValue(c) < 16 }

// digitValue is c's value as a digit of any base up to 16, 99 for none.
func digitValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return 99
}
