package main

// notifications service (placeholder).
func main() {}
