module github.com/acme/mono/cmd/api

go 1.22.0

require (
	github.com/acme/mono/pkg/auth v0.0.0-00010101000000-000000000000
	github.com/go-chi/chi/v5 v5.0.12
)

require github.com/acme/mono/pkg/store v0.0.0-00010101000000-000000000000 // indirect
