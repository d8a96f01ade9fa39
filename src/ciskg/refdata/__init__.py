"""Curated reference data: generators for the Turtle files under data/reference/."""
