"""billing: adapters layer (arrives with the billing issue)."""
