package main

// billing service (placeholder).
func main() {}
