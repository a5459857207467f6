"""The CLI is thin: exact messages, exit codes, help for every command."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from insights.cli import app

runner = CliRunner()


def test_missing_file_exit_2_names_the_file(tmp_path):
    missing = tmp_path / "nope.csv"
    result = runner.invoke(app, ["analyze", str(missing), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.startswith("Error: ")
    assert "nope.csv" in result.output
    assert "Traceback" not in result.output


def test_empty_file_exit_2(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["analyze", str(empty), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "empty.csv" in result.output and "Traceback" not in result.output


def test_bad_config_exit_2(tmp_path):
    data = tmp_path / "c.csv"
    data.write_text("text\nhello there\n")
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[embed]\nbatch_size = 'big'\n")
    result = runner.invoke(app, ["analyze", str(data), "--out", str(tmp_path / "o"), "--config", str(cfg)])
    assert result.exit_code == 2
    assert result.output == (
        "Error: The 'batch_size' parameter of EmbedStage must be of type int. Got 'big' instead.\n"
    )


def test_an_error_with_brackets_prints_them(tmp_path):
    # The console reads "[topics]" as markup unless escaped: it printed "Unknown option ... for ."
    data = tmp_path / "c.csv"
    data.write_text("text\nhello there\n")
    cfg = tmp_path / "typo.toml"
    cfg.write_text("[topics]\nword_mixtures = false\n")
    result = runner.invoke(app, ["analyze", str(data), "--out", str(tmp_path / "o"), "--config", str(cfg)])
    assert result.exit_code == 2
    assert result.output.startswith("Error: Unknown option 'word_mixtures' for [topics]. Valid options: n_topics,")
    assert "word_mixture," in result.output


@pytest.mark.parametrize("command", ["analyze", "compare", "evaluate", "train", "version"])
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_python_dash_m_runs():
    result = subprocess.run([sys.executable, "-m", "insights", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "analyze" in result.stdout


@pytest.mark.slow
def test_analyze_prints_accounting_and_outputs(tmp_path):
    data = tmp_path / "c.csv"
    rows = ["please add a dark mode", "app crashes on login", "love it", "love it", "check out my channel http://x.y"]
    data.write_text("id,text\n" + "\n".join(f"{i},{t}" for i, t in enumerate(rows)) + "\n")
    result = runner.invoke(app, ["analyze", str(data), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Rows read: 5" in result.output
    assert "comments.csv" in result.output and "report.html" in result.output
    assert (tmp_path / "out" / "comments.csv").exists()


def test_compare_needs_something_to_compare_by(tmp_path):
    data = tmp_path / "c.csv"
    data.write_text("text\nhello there\n")
    result = runner.invoke(app, ["compare", str(data), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output == "Error: Nothing to compare by. Pass --by COLUMN (e.g. --by variant) or --period week.\n"


@pytest.fixture
def pipeline_must_not_run(monkeypatch):
    """Checks that must fail before the pipeline: running it fails the test."""
    import insights.pipeline

    def must_not_run(*args, **kwargs):
        raise AssertionError("the pipeline ran although the command should have failed first")

    monkeypatch.setattr(insights.pipeline, "analyze", must_not_run)


def test_unwritable_output_fails_before_the_run(tmp_path, pipeline_must_not_run):
    data = tmp_path / "c.csv"
    data.write_text("text\nhello there\n")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(app, ["analyze", str(data), "--out", str(blocker / "out")])
    assert result.exit_code == 4
    assert result.output.startswith("Error: Cannot write to output directory")


def test_compare_by_a_missing_column_fails_before_the_run(tmp_path, pipeline_must_not_run):
    data = tmp_path / "c.csv"
    data.write_text("text,variant\nhello there,A\nthe lamp flickers,B\n")
    result = runner.invoke(app, ["compare", str(data), "--by", "varient", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "Column 'varient' not found" in result.output and "Did you mean 'variant'?" in result.output
