"""The web UI's pages, one module per area; each route calls workflows exactly as the API does."""
