"""collections: application layer (arrives with the collections issue)."""
