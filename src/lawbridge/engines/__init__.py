"""Pure engines (names, pii, signals): standard library and small pure dependencies only.

Nothing here may import settings, the store, the server or the CLI (import-linter checks it).
The engines themselves arrive with the screening, personal-information and stop-the-spread issues.
"""
