"""contracts: domain layer (arrives with the contracts issue)."""
