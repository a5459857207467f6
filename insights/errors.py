"""One catalogue of errors a person can act on.

Every error says what was wrong, what was found, and how to fix it. The CLI
prints ``Error: <message>`` and exits with :attr:`InsightsError.exit_code`;
no traceback reaches a user for these.
"""

from __future__ import annotations


class InsightsError(Exception):
    """Base class: a problem the user can fix. ``str(err)`` is the whole message."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if not hint else f"{message} {hint}")


class InputError(InsightsError):
    """The input file cannot be read as comments (missing, empty, malformed, no text column)."""

    exit_code = 2


class ConfigError(InsightsError):
    """An option or config file value is invalid."""

    exit_code = 2


class ModelNotFoundError(InsightsError):
    """A model the run needs is not installed; the message names the package to install."""

    exit_code = 3


class OutputError(InsightsError):
    """The output directory cannot be written."""

    exit_code = 4


def invalid_parameter(owner: str, name: str, expected: str, got: object) -> ConfigError:
    """The one template for a bad parameter value, as scikit-learn words it.

    Example:
        >>> str(invalid_parameter("TopicModel", "min_topic_size", "an int >= 2", 0))
        "The 'min_topic_size' parameter of TopicModel must be an int >= 2. Got 0 instead."
    """
    return ConfigError(f"The '{name}' parameter of {owner} must be {expected}. Got {got!r} instead.")


def unknown_name(kind: str, name: str, valid: list[str] | tuple[str, ...]) -> ConfigError:
    """An unknown registry name, listing the valid ones."""
    return ConfigError(
        f"Unknown {kind} '{name}'. Valid names: {', '.join(sorted(valid))}."
    )
