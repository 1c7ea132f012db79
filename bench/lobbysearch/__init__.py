"""The parts of `bench/lobby_search.py`: the lobbies it seeds, and the searches it counts and times."""
