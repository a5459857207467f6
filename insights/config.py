"""Run configuration: one section per stage, validated against each stage's constructor.

A config file (TOML or JSON) has one table per stage; its keys are the keyword
arguments of that stage's class, so every option a stage takes can be set from
a file, from ``insights.analyze(**options)`` or from the CLI::

    [load]
    text_column = "body"

    [clean]
    spam_threshold = 0.6
    drop_non_english = true

    [topics]
    n_topics = 12

Flat options (``analyze(path, spam_threshold=0.6)``) are routed to the one
section whose stage accepts that name; ``section__name`` picks a section
explicitly when two stages share a name.
"""

from __future__ import annotations

import importlib
import inspect
import json
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from insights.errors import ConfigError, invalid_parameter

# Stage name -> "module:Class". The order is the order the pipeline runs them in:
# sentiment and intents come before topics so topics.csv can report them per topic.
STAGES: dict[str, str] = {
    "load": "insights.load:Loader",
    "clean": "insights.clean:Cleaner",
    "embed": "insights.embed_stage:EmbedStage",
    "sentiment": "insights.sentiment:SentimentStage",
    "intents": "insights.intents:IntentStage",
    "topics": "insights.topics:TopicStage",
    "lessons": "insights.lessons:LessonStage",
    "report": "insights.report:ReportWriter",
    # Not a stage: where the stages' per-comment work runs (this process or Dask).
    "engine": "insights.engine:Engine",
}
PIPELINE_ORDER: tuple[str, ...] = ("clean", "embed", "sentiment", "intents", "topics", "lessons")

# `--fast` / ``analyze(fast=True)``: the cheapest sound choice of every stage. Static
# embeddings distilled from the bundled MiniLM (about 50x faster to compute, lower quality;
# scripts/evaluate_all.py prints both modes side by side). Options given explicitly win.
FAST: dict[str, Any] = {
    "embed__model": "static",
    # The topic model fitted on 5,000 comments, the rest placed: ~2x faster topics at 100k;
    # at a fixed k the sample costs no NMI (airline 0.261 vs 0.254 full, banking77 0.765 vs 0.764).
    "topics__max_fit": 5000,
}


def stage_class(section: str) -> type:
    """Import the class behind a section name."""
    if section not in STAGES:
        raise ConfigError(f"Unknown config section '{section}'. Valid sections: {', '.join(STAGES)}.")
    module, _, cls = STAGES[section].partition(":")
    return getattr(importlib.import_module(module), cls)


def stage_parameters(section: str) -> dict[str, inspect.Parameter]:
    """The keyword arguments a stage's constructor takes."""
    sig = inspect.signature(stage_class(section).__init__)
    return {
        name: p
        for name, p in sig.parameters.items()
        if name != "self" and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    }


def _type_ok(value: Any, annotation: Any) -> bool:
    if annotation is inspect.Parameter.empty or annotation is Any:
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_type_ok(value, arg) for arg in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    if origin is typing.Literal:
        return value in typing.get_args(annotation)
    if origin in (list, tuple, typing.Sequence):
        return isinstance(value, (list, tuple))
    if origin is dict:
        return isinstance(value, dict)
    if annotation is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(annotation, type):
        return isinstance(value, annotation)
    return True  # an annotation we cannot check (a Protocol, a callable): trust it


def _describe(annotation: Any) -> str:
    args = typing.get_args(annotation)
    literals = [a for a in args if not isinstance(a, type)] if typing.get_origin(annotation) is typing.Literal else []
    for arg in args:  # Optional[Literal[...]]
        if typing.get_origin(arg) is typing.Literal:
            literals += list(typing.get_args(arg))
    if literals:
        return "one of " + ", ".join(repr(v) for v in literals)
    text = getattr(annotation, "__name__", None) or str(annotation)
    return "of type " + text.replace("typing.", "")


@dataclass
class Config:
    """Options for every stage, by section. ``Config()`` is the default run."""

    sections: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: str | Path) -> "Config":
        """Read a TOML or JSON config file."""
        path = Path(path)
        if not path.exists():
            raise ConfigError(f"Config file '{path}' does not exist.")
        text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
        except (json.JSONDecodeError, tomllib.TOMLDecodeError) as err:
            raise ConfigError(f"Config file '{path}' is not valid {'JSON' if path.suffix == '.json' else 'TOML'}: {err}.") from err
        config = cls()
        for section, values in data.items():
            if not isinstance(values, dict):
                raise ConfigError(
                    f"Config file '{path}': '{section}' must be a table of options, e.g. [{section}]."
                )
            config = config.set(section, **values)
        return config

    @classmethod
    def resolve(cls, config: "Config | str | Path | None") -> "Config":
        """A Config from what a caller passed: None (defaults), a Config, or a file path."""
        if config is None:
            return cls()
        if isinstance(config, Config):
            return config
        return cls.from_file(config)

    def set(self, section: str, **values: Any) -> "Config":
        """A copy with options of one section set, after checking names and types."""
        params = stage_parameters(section)
        owner = stage_class(section).__name__
        for name, value in values.items():
            if name not in params:
                raise ConfigError(
                    f"Unknown option '{name}' for [{section}]. Valid options: {', '.join(params) or '(none)'}."
                )
            annotation = params[name].annotation
            if isinstance(annotation, str):
                hints = typing.get_type_hints(stage_class(section).__init__)
                annotation = hints.get(name, inspect.Parameter.empty)
            if not _type_ok(value, annotation):
                raise invalid_parameter(owner, name, _describe(annotation), value)
        merged = {k: dict(v) for k, v in self.sections.items()}
        merged.setdefault(section, {}).update(values)
        return Config(merged)

    def update(self, **flat: Any) -> "Config":
        """A copy with flat options routed to the stage that takes them.

        Example:
            >>> Config().update(text_column="body").sections["load"]
            {'text_column': 'body'}
        """
        config = self
        for key, value in flat.items():
            if value is None:
                continue
            if "__" in key:
                section, _, name = key.partition("__")
                config = config.set(section, **{name: value})
                continue
            owners = [s for s in STAGES if key in stage_parameters(s)]
            if not owners:
                raise ConfigError(f"Unknown option '{key}'. Valid options: {', '.join(all_options())}.")
            if len(owners) > 1:
                raise ConfigError(
                    f"Option '{key}' is taken by several stages ({', '.join(owners)}). "
                    f"Pass it as {owners[0]}__{key}=... to pick one."
                )
            config = config.set(owners[0], **{key: value})
        return config

    def options(self, section: str) -> dict[str, Any]:
        return dict(self.sections.get(section, {}))

    def build(self, section: str) -> Any:
        """Construct the stage of a section with its options."""
        return stage_class(section)(**self.options(section))

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {k: dict(v) for k, v in self.sections.items()}


def all_options() -> list[str]:
    """Every flat option name any stage accepts."""
    names: list[str] = []
    for section in STAGES:
        names.extend(n for n in stage_parameters(section) if n not in names)
    return sorted(names)
