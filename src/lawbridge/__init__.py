"""lawbridge: cross-border law-enforcement and cybersecurity cooperation.

The public API is what ``__all__`` names; everything else is internal and may change.
"""

from lawbridge.errors import LawbridgeError

__version__ = "0.1.0"
__all__ = ["LawbridgeError", "__version__"]
