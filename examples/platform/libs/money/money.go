package money

// Amount is a sum in minor units.
type Amount int64
