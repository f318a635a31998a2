package main

// mobile-bff service (placeholder).
func main() {}
