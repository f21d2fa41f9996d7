"""Arrears and early signals."""
