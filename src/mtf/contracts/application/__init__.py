"""contracts: application layer (arrives with the contracts issue)."""
