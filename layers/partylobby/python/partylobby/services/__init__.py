"""Use cases: load -> decide (domain) -> commit (store) -> publish (push)."""
