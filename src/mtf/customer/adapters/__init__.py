"""customer: adapters layer (arrives with the customer issue)."""
