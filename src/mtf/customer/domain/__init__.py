"""customer: domain layer (arrives with the customer issue)."""
