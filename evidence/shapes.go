package evidence

import "time"

// The shapes of a plan (selector/plan.schema.json, gatesel.plan/v2) and of
// a result record (result.schema.json, gatesel.result/v1), property for
// property as the schemas list them.

func shStr() *shape                    { return &shape{kind: "string"} }
func shNonEmpty() *shape               { return &shape{kind: "string", minLen: 1} }
func shFormat(f string) *shape         { return &shape{kind: "string", format: f} }
func shStrings() *shape                { return &shape{kind: "array", items: shStr()} }
func shEnum(values ...string) *shape   { return &shape{enum: values} }
func shArray(item *shape) *shape       { return &shape{kind: "array", items: item} }
func shObject(props ...prop) *shape    { return &shape{kind: "object", props: props} }
func shReq(name string, s *shape) prop { return prop{name: name, required: true, shape: s} }
func shOpt(name string, s *shape) prop { return prop{name: name, shape: s} }
func shInt(min int64) *shape           { return &shape{kind: "integer", min: &min} }

// planShape is gatesel.plan/v2.
var planShape = func() *shape {
	revision := shObject(shReq("rev", shStr()), shReq("commit", shFormat("commit")))
	revision.nullable = true
	base := shObject(shReq("rev", shStr()), shReq("commit", shFormat("commit?")), shReq("source", shNonEmpty()))
	base.nullable = true
	change := shObject(
		shReq("path", shNonEmpty()),
		shReq("status", shEnum("A", "M", "D", "R", "C", "T", "?")),
		shOpt("old_path", shNonEmpty()),
		shReq("owners", shStrings()),
		shReq("claims", shStrings()))
	reason := shObject(
		shReq("kind", shEnum("always", "trigger", "changed", "owner", "contract", "smoke", "unowned", "lockfile", "fallback", "event")),
		shOpt("path", shStr()),
		shOpt("via", shStr()),
		shOpt("chain", shInt(1)),
		shOpt("note", shStr()))
	reasons := shArray(reason)
	reasons.minItems = 1
	instance := shObject(
		shReq("id", shNonEmpty()),
		shReq("gate", shNonEmpty()),
		shReq("layer", shEnum("contract", "global", "local", "smoke")),
		shReq("scope", shStr()),
		shReq("owners", shStrings()),
		shReq("run", shStr()),
		shReq("with", &shape{kind: "object", open: true}),
		shReq("reasons", reasons))
	link := shObject(shReq("node", shNonEmpty()), shReq("prev", shInt(-1)))
	escalation := shObject(
		shReq("kind", shEnum("unowned", "trigger", "policy", "lockfile", "fallback", "event")),
		shOpt("path", shStr()),
		shReq("cause", shStr()))
	return shObject(
		shReq("schema", shEnum("gatesel.plan/v2")),
		shReq("base", base),
		shReq("merge_base", shStr()),
		shReq("head", revision),
		shReq("profile", shStr()),
		shReq("all", &shape{kind: "boolean"}),
		shReq("changes", shArray(change)),
		shReq("gates", shArray(instance)),
		shReq("chains", shArray(link)),
		shReq("escalations", shArray(escalation)),
		shReq("warnings", shStrings()),
		shReq("digest", shFormat("sha256")))
}()

// resultShape is gatesel.result/v1.
var resultShape = shObject(
	shReq("schema", shEnum(ResultSchemaID)),
	shReq("repository", shStr()),
	shReq("plan_digest", shFormat("sha256")),
	shReq("head", shFormat("commit?")),
	shReq("id", shNonEmpty()),
	shReq("status", shEnum("pass", "fail", "skip")),
	shReq("started_at", shFormat("date-time")),
	shReq("finished_at", shFormat("date-time")),
	shOpt("run_url", shStr()),
	shOpt("junit", shArray(shObject(
		shReq("file", shStr()),
		shReq("tests", shInt(0)),
		shReq("failures", shInt(0)),
		shReq("errors", shInt(0)),
		shReq("skipped", shInt(0))))))

// checkFormat is "" when s has the format f, else the problem.
func checkFormat(f, s string) string {
	switch f {
	case "sha256":
		if len(s) != len("sha256:")+64 || s[:7] != "sha256:" || !isHex(s[7:]) {
			return quote(s) + " does not match pattern '^sha256:[0-9a-f]{64}$'"
		}
	case "commit":
		if (len(s) != 40 && len(s) != 64) || !isHex(s) {
			return quote(s) + " does not match pattern '^[0-9a-f]{40}([0-9a-f]{24})?$'"
		}
	case "commit?":
		if (len(s) != 0 && len(s) != 40 && len(s) != 64) || !isHex(s) {
			return quote(s) + " does not match pattern '^([0-9a-f]{40}([0-9a-f]{24})?)?$'"
		}
	case "date-time":
		// Stricter than the schema's format (no lower-case t or z, no leap
		// second): the record's times are read as Go times.
		var t time.Time
		if !rfc3339(s) || t.UnmarshalText([]byte(s)) != nil {
			return quote(s) + " is not valid date-time: want RFC 3339, as 2026-01-01T00:00:00Z"
		}
	}
	return ""
}

// isHex: only lower-case hexadecimal digits.
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// rfc3339 is the syntax of an RFC 3339 date-time, digit for digit:
// 2006-01-02T15:04:05, an optional fraction after a dot, then Z or a
// numeric offset of at most 23:59 (Go's parser also reads a comma and
// +24:00; the schema's format does not). The ranges are time's to check.
func rfc3339(s string) bool {
	const head = "dddd-dd-ddTdd:dd:dd"
	if len(s) < len(head)+1 {
		return false
	}
	for i := 0; i < len(head); i++ {
		if head[i] == 'd' && !isDigit(s[i]) || head[i] != 'd' && s[i] != head[i] {
			return false
		}
	}
	rest := s[len(head):]
	if rest[0] == '.' {
		n := 1
		for n < len(rest) && isDigit(rest[n]) {
			n++
		}
		if n == 1 {
			return false
		}
		rest = rest[n:]
	}
	if rest == "Z" {
		return true
	}
	return len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && isDigit(rest[1]) && isDigit(rest[2]) && rest[3] == ':' &&
		isDigit(rest[4]) && isDigit(rest[5]) && rest[1:3] <= "23" && rest[4:] <= "59"
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
