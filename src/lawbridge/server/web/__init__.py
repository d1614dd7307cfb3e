"""The server-rendered web UI (Jinja2 + htmx), speaking English and Simplified Chinese."""
