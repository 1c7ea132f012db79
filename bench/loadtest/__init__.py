"""The parts of `bench/load.py`: simulated players, what they observed, and the checks on it."""
