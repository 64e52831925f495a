"""Gateway adapters: HTTP proxy, static frontend, OpenAPI merge."""
