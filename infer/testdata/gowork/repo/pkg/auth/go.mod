module github.com/acme/mono/pkg/auth

go 1.22.0

require github.com/acme/mono/pkg/store v0.0.0-00010101000000-000000000000
