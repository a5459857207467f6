import pytest

from insights.config import Config, all_options
from insights.errors import ConfigError


def test_flat_option_routes_to_its_stage():
    cfg = Config().update(text_column="body")
    assert cfg.sections == {"load": {"text_column": "body"}}


def test_unknown_option_lists_valid_names():
    with pytest.raises(ConfigError) as err:
        Config().update(txt_column="body")
    assert "Unknown option 'txt_column'" in str(err.value)
    assert "text_column" in str(err.value)


def test_wrong_type_uses_the_parameter_template():
    with pytest.raises(ConfigError) as err:
        Config().set("embed", batch_size="big")
    assert str(err.value) == "The 'batch_size' parameter of EmbedStage must be of type int. Got 'big' instead."


def test_unknown_section_is_named(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[embedding]\nmodel = 'static'\n")
    with pytest.raises(ConfigError) as err:
        Config.from_file(path)
    assert "Unknown config section 'embedding'" in str(err.value)


def test_toml_file_round_trip(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[embed]\nmodel = 'static'\nbatch_size = 32\n")
    cfg = Config.from_file(path)
    assert cfg.options("embed") == {"model": "static", "batch_size": 32}
    assert cfg.build("embed").batch_size == 32


def test_section_prefix_picks_a_stage():
    cfg = Config().update(embed__model="static")
    assert cfg.options("embed") == {"model": "static"}


def test_missing_config_file():
    with pytest.raises(ConfigError, match="does not exist"):
        Config.from_file("/nonexistent/insights.toml")


def test_all_options_is_sorted_and_unique():
    names = all_options()
    assert names == sorted(set(names))
    assert "text_column" in names
