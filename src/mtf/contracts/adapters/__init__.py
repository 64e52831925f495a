"""contracts: adapters layer (arrives with the contracts issue)."""
