package graph

// SetPlanBudgetForTest lowers the limits of a shared Budget until the
// returned function restores them.
func SetPlanBudgetForTest(steps, bytes, output int64) (restore func()) {
	s, b, o := maxPlanSteps, maxPlanBytes, maxPlanOutput
	maxPlanSteps, maxPlanBytes, maxPlanOutput = steps, bytes, output
	return func() { maxPlanSteps, maxPlanBytes, maxPlanOutput = s, b, o }
}
