"""Joint plans."""
