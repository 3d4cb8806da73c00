"""Pure-Python domain: enums, records, rules and errors. Imports nothing from other layers."""
