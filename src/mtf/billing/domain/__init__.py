"""billing: domain layer (arrives with the billing issue)."""
