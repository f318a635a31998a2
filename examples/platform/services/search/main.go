package main

// search service (placeholder).
func main() {}
