module github.com/gatesel/gatesel/bench

go 1.26.0

require github.com/gatesel/gatesel v0.0.0

require (
	github.com/hashicorp/errwrap v1.0.0 // indirect
	github.com/hashicorp/go-multierror v1.1.1 // indirect
	github.com/hmarr/codeowners v1.2.1
)

replace github.com/gatesel/gatesel => ../
