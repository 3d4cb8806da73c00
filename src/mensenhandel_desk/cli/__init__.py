"""Command line on top of the services (``mensenhandel-desk`` / ``python -m mensenhandel_desk``).

Each command group lives in its own ``cmd_*.py`` module with a ``register(subparsers)``
function; ``main.py`` lists the modules.
"""
