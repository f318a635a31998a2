package evidence

// CheckPlanShape and CheckResultShape are the Go checks that replace the
// plan's and the result record's JSON Schemas at run time, for the tests
// that compare them with the schemas.
func CheckPlanShape(data []byte) error {
	if err := scanJSON("plan.json", data, nil); err != nil {
		return err
	}
	return checkShape("plan.json", data, planShape, "the plan schema")
}

func CheckResultShape(data []byte) error {
	if err := scanJSON("r.json", data, nil); err != nil {
		return err
	}
	return checkShape("r.json", data, resultShape, "the result schema")
}

// ScanJSON is the scan's refusal of a key twice (or of data
// that is not one JSON value).
func ScanJSON(data []byte) error { return scanJSON("x.json", data, nil) }
