package evidence

import "time"

// The shapes of a plan (selector/plan.schema.json, gatesel.plan/v2) and of
// a result record (result.schema.json, gatesel.result/v1), property for
// property as the schemas list them.

func str() *shape                    { return &shape{kind: "string"} }
func nonEmpty() *shape               { return &shape{kind: "string", minLen: 1} }
func strFormat(f string) *shape      { return &shape{kind: "string", format: f} }
func strList() *shape                { return &shape{kind: "array", items: str()} }
func enum(values ...string) *shape   { return &shape{enum: values} }
func arrayOf(item *shape) *shape     { return &shape{kind: "array", items: item} }
func object(props ...prop) *shape    { return &shape{kind: "object", props: props} }
func req(name string, s *shape) prop { return prop{name: name, required: true, shape: s} }
func opt(name string, s *shape) prop { return prop{name: name, shape: s} }
func integer(min int64) *shape       { return &shape{kind: "integer", min: &min} }

// planShape is gatesel.plan/v2.
var planShape = func() *shape {
	revision := object(req("rev", str()), req("commit", strFormat("commit")))
	revision.nullable = true
	change := object(
		req("path", nonEmpty()),
		req("status", enum("A", "M", "D", "R", "C", "T", "?")),
		opt("old_path", nonEmpty()),
		req("owners", strList()),
		req("claims", strList()))
	reason := object(
		req("kind", enum("always", "trigger", "changed", "owner", "contract", "smoke", "unowned", "lockfile", "fallback")),
		opt("path", str()),
		opt("via", str()),
		opt("chain", integer(1)),
		opt("note", str()))
	reasons := arrayOf(reason)
	reasons.minItems = 1
	instance := object(
		req("id", nonEmpty()),
		req("gate", nonEmpty()),
		req("layer", enum("contract", "global", "local", "smoke")),
		req("scope", str()),
		req("owners", strList()),
		req("run", str()),
		req("with", &shape{kind: "object", open: true}),
		req("reasons", reasons))
	link := object(req("node", nonEmpty()), req("prev", integer(-1)))
	escalation := object(
		req("kind", enum("unowned", "trigger", "policy", "lockfile", "fallback")),
		opt("path", str()),
		req("cause", str()))
	return object(
		req("schema", enum("gatesel.plan/v2")),
		req("base", revision),
		req("merge_base", str()),
		req("head", revision),
		req("profile", str()),
		req("all", &shape{kind: "boolean"}),
		req("changes", arrayOf(change)),
		req("gates", arrayOf(instance)),
		req("chains", arrayOf(link)),
		req("escalations", arrayOf(escalation)),
		req("warnings", strList()),
		req("digest", strFormat("sha256")))
}()

// resultShape is gatesel.result/v1.
var resultShape = object(
	req("schema", enum(ResultSchemaID)),
	req("repository", str()),
	req("plan_digest", strFormat("sha256")),
	req("head", strFormat("commit?")),
	req("id", nonEmpty()),
	req("status", enum("pass", "fail", "skip")),
	req("started_at", strFormat("date-time")),
	req("finished_at", strFormat("date-time")),
	opt("run_url", str()),
	opt("junit", arrayOf(object(
		req("file", str()),
		req("tests", integer(0)),
		req("failures", integer(0)),
		req("errors", integer(0)),
		req("skipped", integer(0))))))

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
