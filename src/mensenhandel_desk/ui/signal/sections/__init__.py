"""The parts of the signal editor below the signal's own fields (one module each)."""
