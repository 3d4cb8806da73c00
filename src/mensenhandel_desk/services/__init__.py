"""Use cases and transaction boundaries. No Qt, no SQL: talks to ``store`` repositories
through units of work and returns domain records."""
