"""billing: application layer (arrives with the billing issue)."""
