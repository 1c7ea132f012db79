"""Helpers shared by the benches (a package, so that `make bench` does not run them as benches)."""
