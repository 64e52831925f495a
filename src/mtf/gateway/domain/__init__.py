"""The gateway has no domain: it owns nothing persistent."""
