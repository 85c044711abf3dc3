"""The errors a user can cause, in a module that imports nothing heavy.

The command line catches them (one line, exit 2) without importing Brian2 first, so that
``mirrorsim --help`` answers at once. Each message is one line for the user.
"""

from __future__ import annotations


class ParameterError(ValueError):
    """A parameter value or name that cannot be used; the message is one line for the user."""


class ConfigError(ValueError):
    """A config file or ``--set`` option that cannot be read; one line for the user."""
