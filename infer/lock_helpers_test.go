package infer_test

import "strings"

func stringsReplace(s, old, new string) string { return strings.ReplaceAll(s, old, new) }
