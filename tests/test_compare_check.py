"""compare.check_group_column: a missing --by column is reported before any analysis runs."""

from __future__ import annotations

import gzip

import pandas as pd
import pytest

from insights import schema as S
from insights.compare import check_group_column
from insights.errors import InputError

CSV = (
    "tweet_id,airline,text,tweet_created\n"
    '1,Delta,"late again, 2 hours",2015-02-24 11:35:52 -0800\n'
    '2,United,"lost my bag\nand nobody answers",2015-02-24 11:15:59 -0800\n'
    "3,Virgin America,great crew today,2015-02-24 10:01:01 -0800\n"
)


@pytest.fixture
def tweets(tmp_path):
    path = tmp_path / "tweets.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_existing_column_returns_the_name_compare_will_use(tweets):
    assert check_group_column(tweets, "airline") == "airline"
    assert check_group_column(tweets, "AIRLINE") == "airline"  # same name, another case


def test_missing_column_lists_columns_and_suggests_the_closest(tweets):
    with pytest.raises(InputError) as err:
        check_group_column(tweets, "airlines")
    message = str(err.value)
    assert message.startswith(f"Column 'airlines' not found in '{tweets}'. Columns found: ")
    assert "airline" in message and "tweet_created" in message
    assert "Did you mean 'airline'?" in message
    assert "Pass --by" in message


def test_no_suggestion_when_nothing_is_close(tweets):
    with pytest.raises(InputError) as err:
        check_group_column(tweets, "variant")
    assert "Did you mean" not in str(err.value)


def test_columns_the_pipeline_adds_and_shorthands_are_accepted(tweets):
    assert check_group_column(tweets, "language") == "language"  # added by the clean stage
    frame = pd.DataFrame({"text": ["a comment here", "another one"], "post_id": ["p1", "p2"]})
    assert check_group_column(frame, "post") == "post_id"


def test_only_the_first_rows_are_read(tmp_path):
    # Row 3 is broken (an unclosed quote runs to the end of the file): loading it whole fails,
    # the header check reads 2 rows and does not.
    path = tmp_path / "big.csv"
    path.write_text('id,variant,text\n1,A,"fine"\n2,B,"also fine"\n3,C,"unclosed\n', encoding="utf-8")
    assert check_group_column(path, "variant", sample_rows=2) == "variant"


def test_gzip_and_tsv_and_load_options(tmp_path):
    path = tmp_path / "c.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("body\tplatform\nnice lamp\tig\nfix the app\tyt\n")
    assert check_group_column(path, "platform", text_column="body") == "platform"
    with pytest.raises(InputError, match="Did you mean 'platform'"):
        check_group_column(path, "platfrom", text_column="body")


def test_json_goes_through_the_load_stage(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('[{"message": "love it", "campaign": "spring"}, {"message": "meh", "campaign": "fall"}]')
    assert check_group_column(path, "campaign") == "campaign"
    with pytest.raises(InputError, match="Column 'campain' not found.*Did you mean 'campaign'"):
        check_group_column(path, "campain")


def test_period_needs_a_timestamp(tmp_path, tweets):
    assert check_group_column(tweets, None, period="week") is None  # tweet_created is detected
    path = tmp_path / "no_time.csv"
    path.write_text("text,variant\nnice,A\nbad,B\n")
    with pytest.raises(InputError, match="No timestamp column found"):
        check_group_column(path, None, period="week")
    assert check_group_column(path, None) is None


def test_missing_file_is_the_loaders_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        check_group_column(tmp_path / "nope.csv", "variant")


def test_stdin_is_not_checked():
    assert check_group_column("-", "variant") == "variant"


def test_load_columns_absent_now_are_absent_later(tweets):
    # post_id / group come from the load stage: not in the file, not there after the pipeline either.
    with pytest.raises(InputError, match="Column 'post' not found"):
        check_group_column(tweets, "post")
    with pytest.raises(InputError, match="Column 'group' not found"):
        check_group_column(tweets, "group")


def test_by_a_column_the_loader_renamed_is_found_under_its_own_name(tmp_path):
    # An app-review export's "app" column becomes post_id and "user" author; people still say --by app.
    from types import SimpleNamespace

    from insights.compare import check_group_column, compare

    path = tmp_path / "reviews.csv"
    rows = ["id,app,user,review"] + [f"{i},{'alpha' if i % 2 else 'beta'},u{i},the app crashes when I open it {i}"
                                     for i in range(40)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert check_group_column(path, "app") == S.POST_ID
    assert check_group_column(path, "User") == S.AUTHOR
    with pytest.raises(InputError, match="Column 'apps' not found"):
        check_group_column(path, "apps")
    comments = pd.DataFrame({S.TEXT: ["late"] * 20, S.KEPT: True, S.POST_ID: ["alpha", "beta"] * 10,
                             S.SENTIMENT: 0.0})
    run = SimpleNamespace(comments=comments, topics=None, corpus=SimpleNamespace(embeddings=None),
                          info={"load": {"columns": {"text": "review", "post": "app"}}})
    cmp = compare(run, by="app", n_boot=20)
    assert cmp.info["column"] == S.POST_ID and cmp.info["noun"] == "app"
    with pytest.raises(InputError):
        compare(comments, by="app", n_boot=20)  # a bare frame keeps no record of the renaming
