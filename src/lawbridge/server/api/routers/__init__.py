"""API routers, one per area; each calls workflows and nothing below them."""
