"""Payment arrangements."""
