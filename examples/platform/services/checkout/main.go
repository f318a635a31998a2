package main

// checkout service (placeholder).
func main() {}
