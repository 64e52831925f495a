"""customer: application layer (arrives with the customer issue)."""
