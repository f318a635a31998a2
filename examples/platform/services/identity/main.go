package main

// identity service (placeholder).
func main() {}
