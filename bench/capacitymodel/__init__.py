"""The parts of bench/capacity.py."""
