"""Importers: turn compiled COI reports into excerpt records (pure library, no command line)."""
