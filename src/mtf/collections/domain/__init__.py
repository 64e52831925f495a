"""collections: domain layer (arrives with the collections issue)."""
