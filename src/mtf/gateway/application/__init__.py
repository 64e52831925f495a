"""Gateway application layer: routing decisions."""
