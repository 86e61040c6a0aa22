"""Helpers shared by the end-to-end tests and the benchmarks (not part of the bot)."""
