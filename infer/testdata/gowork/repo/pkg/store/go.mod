module github.com/acme/mono/pkg/store

go 1.22.0

require golang.org/x/sync v0.7.0
