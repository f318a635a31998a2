package main

// inventory service (placeholder).
func main() {}
