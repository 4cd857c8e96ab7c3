"""Generator of the sample corpus (see generate.py)."""
