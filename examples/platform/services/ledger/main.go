package main

// ledger service (placeholder).
func main() {}
