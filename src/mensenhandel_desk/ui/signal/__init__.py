"""The signal editor: one signal worked along the six-step report route."""
