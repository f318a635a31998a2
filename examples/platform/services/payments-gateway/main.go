package main

// payments-gateway service (placeholder).
func main() {}
