"""Nuisance cases."""
