"""Event envelopes and delivery."""
