package main

// reporting service (placeholder).
func main() {}
