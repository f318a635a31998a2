// Package bench compares gatesel's CODEOWNERS matching with peer libraries
// on the same inputs. It is a module of its own so that the main module
// never depends on the peers; see README.md for how to run it.
package bench
