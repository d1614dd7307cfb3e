"""The HTTP faces: a JSON API under /api/v1 and a server-rendered web UI, both over the workflows."""
