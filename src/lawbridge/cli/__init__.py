"""The ``lawbridge`` command line: one module per command family under a click group."""
