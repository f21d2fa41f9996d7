"""Network map."""
