"""collections: adapters layer (arrives with the collections issue)."""
