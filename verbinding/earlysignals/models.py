"""Early signalling (vroegsignalering)."""
