package main

// catalog service (placeholder).
func main() {}
