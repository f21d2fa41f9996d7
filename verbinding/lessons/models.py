"""Shared lessons."""
