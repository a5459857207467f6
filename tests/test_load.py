"""Tests for the `load` stage: formats, encodings, platform shapes, column detection, bad input."""

from __future__ import annotations

import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from insights import schema as S
from insights.errors import InputError
from insights.load import Loader, describe_columns, load_comments
from insights.load.timestamps import detect_dayfirst, parse_timestamps

FIXTURES = Path(__file__).parent / "fixtures"
PLATFORMS = FIXTURES / "platforms"
BAD = FIXTURES / "bad"
DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def load(source, **options):
    return Loader(**options).load(source)


# --- platform fixtures: no flags, right rows, text intact ----------------------------


def test_youtube_comment_threads_with_replies():
    frame, info = load(PLATFORMS / "youtube_commentThreads.json")
    assert info["platform"] == "youtube"
    assert frame[S.COMMENT_ID].tolist() == ["UgzThread1", "UgzThread1.reply1", "UgzThread1.reply2", "UgzThread2"]
    # textOriginal, not the HTML-escaped textDisplay; reply2 has only textDisplay.
    assert frame[S.TEXT].tolist() == [
        "Please add subtitles & chapters!",
        "+1, the audio is hard to follow",
        "Subtitles are under the CC button",
        "Great video 👍",
    ]
    assert frame[S.PARENT_ID].tolist()[1:3] == ["UgzThread1", "UgzThread1"]
    assert pd.isna(frame[S.PARENT_ID].iloc[0])
    assert set(frame[S.POST_ID]) == {"dQw4w9WgXcQ"}
    assert frame[S.LIKES].tolist() == [12, 3, 0, 1]
    assert frame[S.AUTHOR].iloc[0] == "@ana"
    assert str(frame[S.TIMESTAMP].iloc[0]) == "2024-01-05 10:00:00+00:00"


def test_reddit_listing_skips_posts_and_more_stubs():
    frame, info = load(PLATFORMS / "reddit_listing.json")
    assert info["platform"] == "reddit"
    assert frame[S.COMMENT_ID].tolist() == ["c1", "c2", "c3"]
    assert frame[S.TEXT].iloc[1] == "Same here.\nIt started after the update."
    # t1_ parents are comments; t3_ parents mean a top-level comment on the post.
    assert pd.isna(frame[S.PARENT_ID].iloc[0]) and frame[S.PARENT_ID].iloc[1] == "c1"
    assert frame[S.POST_ID].tolist() == ["post1"] * 3
    assert any("more" in w for w in info["warnings"])
    assert any("t3" in w for w in info["warnings"])


def test_reddit_dump_jsonl():
    frame, info = load(PLATFORMS / "reddit_dump.jsonl")
    assert info["format"] == "jsonl" and info["platform"] == "reddit"
    assert len(frame) == 3  # the blank line is not a record
    assert frame[S.TEXT].iloc[1] == 'Agreed, "dark mode" would be great'
    assert frame[S.PARENT_ID].tolist()[1] == "k1a"
    assert frame[S.LIKES].tolist() == [15, 3, -2]
    # created_utc given as a number and as a string of a number.
    assert frame[S.TIMESTAMP].dt.hour.tolist() == [0, 1, 2]
    assert "subreddit" in frame.columns


def test_twitter_v2_users_and_replies():
    frame, info = load(PLATFORMS / "twitter_v2.json")
    assert info["platform"] == "twitter"
    assert len(frame) == 3  # includes.tweets are referenced tweets, not rows
    assert frame[S.AUTHOR].tolist() == ["user_a", "acme", "lucia"]
    assert frame[S.COMMENT_ID].iloc[0] == "1745000000000000001"  # no float rounding
    assert pd.isna(frame[S.PARENT_ID].iloc[0])
    assert frame[S.PARENT_ID].iloc[1] == "1745000000000000001"
    assert pd.isna(frame[S.PARENT_ID].iloc[2])  # quoted is not replied_to
    assert frame[S.LIKES].tolist() == [9, 1, 4]
    assert frame[S.SOURCE_LANGUAGE].tolist() == ["en", "en", "es"]
    assert frame[S.TEXT].iloc[2] == "Me encanta la nueva versión"


def test_facebook_graph_comments_with_nested_replies():
    frame, info = load(PLATFORMS / "facebook_comments.json")
    assert info["platform"] == "facebook"
    assert frame[S.TEXT].tolist() == [
        "Will you ship to Canada?", "Yes, from March!", "Checkout was broken on my phone 😡",
    ]
    assert frame[S.PARENT_ID].iloc[1] == "1234567890_111"
    assert frame[S.AUTHOR].tolist() == ["Jane Doe", "Acme", "John Roe"]
    assert str(frame[S.TIMESTAMP].iloc[0]) == "2024-01-05 10:00:00+00:00"


def test_google_play_console_csv_utf16():
    frame, info = load(PLATFORMS / "google_play_reviews.csv")
    assert info["encoding"] == "utf-16"
    assert info["columns"]["text"] == "Review Text"
    assert info["columns"]["rating"] == "Star Rating"
    assert frame[S.TEXT].tolist() == [
        "App freezes on startup, please fix",
        'Tolle App – schnell, übersichtlich, "einfach" gut!',
        "Good, but:\nplease add widgets, dark mode",
    ]
    assert frame[S.RATING].tolist() == [2, 5, 4]
    assert frame[S.SOURCE_LANGUAGE].tolist() == ["en", "de", "en"]
    assert "Developer Reply Text" in frame.columns


def test_app_store_rss_feed_skips_the_app_entry():
    frame, info = load(PLATFORMS / "appstore_rss.json")
    assert info["platform"] == "appstore"
    assert frame[S.COMMENT_ID].tolist() == ["10900000001", "10900000002"]
    assert frame[S.TEXT].iloc[1] == "Crashes every time I open the camera.\nPlease fix."
    assert frame[S.RATING].tolist() == [5, 1]
    assert frame[S.AUTHOR].tolist() == ["happyuser", "grumpy"]
    assert str(frame[S.TIMESTAMP].iloc[0]) == "2024-01-05 09:03:04+00:00"  # -07:00 to UTC


def test_app_store_connect_customer_reviews():
    frame, info = load(PLATFORMS / "appstore_connect.json")
    assert frame[S.TEXT].tolist() == ["Good app; syncing could be faster.", "Login keeps failing."]
    assert frame[S.RATING].tolist() == [4, 2]
    assert frame["territory"].tolist() == ["USA", "GBR"]


# --- the output frame ---------------------------------------------------------------


def test_contract_columns_order_and_collisions():
    source = pd.DataFrame({
        "body": ["a", "b"], "text": ["other", "other"], "kept": [1, 2], "airline": ["X", "Y"],
    })
    frame, info = load(source, text_column="body")
    assert list(frame.columns[:3]) == [S.COMMENT_ID, S.TEXT, S.ROW]
    assert frame[S.TEXT].tolist() == ["a", "b"]
    assert frame["input_text"].tolist() == ["other", "other"]  # collides with the contract name
    assert frame["input_kept"].tolist() == [1, 2]
    assert frame["airline"].tolist() == ["X", "Y"]
    assert frame[S.ROW].tolist() == [0, 1]
    assert info["columns"] == {"text": "body"}


def test_duplicate_and_missing_ids_are_made_unique():
    source = pd.DataFrame({"id": ["a", "a", None, "a-2", "b"], "text": list("vwxyz")})
    frame, info = load(source)
    ids = frame[S.COMMENT_ID].tolist()
    assert ids[0] == "a" and ids[2] == "2" and ids[3] == "a-2"
    assert ids[1] not in ("a", "a-2") and len(set(ids)) == 5
    assert len(info["warnings"]) == 2


def test_missing_and_non_string_text_kept_raw(tmp_path):
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([{"text": "ok"}, {"text": None}, {"text": 42}, {"other": 1}]))
    frame, _ = load(path)
    assert frame[S.TEXT].iloc[0] == "ok"
    assert pd.isna(frame[S.TEXT].iloc[1]) and pd.isna(frame[S.TEXT].iloc[3])
    assert frame[S.TEXT].iloc[2] == 42
    assert len(frame) == 4


def test_group_column_and_overrides():
    source = pd.DataFrame({"msg": ["hello there", "bye now"], "variant": ["A", "B"], "when": ["2024-01-02", "2024-01-03"]})
    frame, info = load(source, text_column="msg", group_column="variant", time_column="when")
    assert frame[S.GROUP].tolist() == ["A", "B"]
    assert info["columns"] == {"text": "msg", "timestamp": "when", "group": "variant"}
    assert describe_columns(info) == "text=msg, timestamp=when, group=variant"


def test_override_of_unknown_column_lists_columns(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("id,body\n1,hi\n")
    with pytest.raises(InputError) as err:
        load(path, text_column="comment")
    assert "c.csv" in str(err.value) and "id, body" in str(err.value)


def test_free_text_fallback_warns():
    source = pd.DataFrame({
        "code": ["x1", "x2", "x3"],
        "thoughts": ["the app is slow to open", "please add export to pdf", "love the new icons"],
    })
    frame, info = load(source)
    assert info["columns"]["text"] == "thoughts"
    assert any("text_column" in w for w in info["warnings"])


def test_score_is_rating_when_likes_exist():
    source = pd.DataFrame({"content": ["good", "bad"], "score": [5, 1], "thumbsUpCount": [10, 0]})
    _, info = load(source)
    assert info["columns"]["likes"] == "thumbsUpCount" and info["columns"]["rating"] == "score"


# --- formats --------------------------------------------------------------------------


def test_tsv_semicolon_and_quoted_newlines(tmp_path):
    tsv = tmp_path / "c.tsv"
    tsv.write_text('id\ttext\n1\t"line one\nline two"\n2\tplain, with comma\n')
    frame, info = load(tsv)
    assert info["delimiter"] == "\t"
    assert frame[S.TEXT].tolist() == ["line one\nline two", "plain, with comma"]
    semi = tmp_path / "c.csv"
    semi.write_text("id;text\n1;bonjour, le monde\n2;salut\n")
    frame, info = load(semi)
    assert info["delimiter"] == ";" and frame[S.TEXT].iloc[0] == "bonjour, le monde"


def test_csv_keeps_literal_na_strings_and_codes(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("text,zip\nNA,00123\nnull,04567\n,12345\n")
    frame, _ = load(path)
    assert frame[S.TEXT].iloc[0] == "NA" and frame[S.TEXT].iloc[1] == "null"
    assert pd.isna(frame[S.TEXT].iloc[2])
    assert frame["zip"].tolist() == ["00123", "04567", "12345"]


def test_json_object_holding_list_and_jsonl_and_gzip_zip(tmp_path):
    records = [{"comment": "first"}, {"comment": "second"}]
    (tmp_path / "a.json").write_text(json.dumps({"meta": {"n": 2}, "results": records}))
    assert load(tmp_path / "a.json")[0][S.TEXT].tolist() == ["first", "second"]
    lines = "\n".join(json.dumps(r) for r in records) + "\n"
    with gzip.open(tmp_path / "b.jsonl.gz", "wt") as handle:
        handle.write(lines)
    frame, info = load(tmp_path / "b.jsonl.gz")
    assert info["format"] == "jsonl" and frame[S.TEXT].tolist() == ["first", "second"]
    with zipfile.ZipFile(tmp_path / "c.zip", "w") as archive:
        archive.writestr("export/comments.csv", "comment\nfirst\nsecond\n")
    assert load(tmp_path / "c.zip")[0][S.TEXT].tolist() == ["first", "second"]
    (tmp_path / "d.json").write_text(lines)  # JSON Lines named .json
    assert load(tmp_path / "d.json")[0][S.TEXT].tolist() == ["first", "second"]


def test_excel_and_parquet(tmp_path):
    source = pd.DataFrame({"id": [101, 102], "review": ["Great", "Too slow"], "stars": [5, 2]})
    source.to_excel(tmp_path / "r.xlsx", index=False)
    frame, info = load(tmp_path / "r.xlsx")
    assert info["format"] == "xlsx"
    assert frame[S.COMMENT_ID].tolist() == ["101", "102"]
    assert frame[S.TEXT].tolist() == ["Great", "Too slow"] and frame[S.RATING].tolist() == [5, 2]
    source.to_parquet(tmp_path / "r.parquet")
    frame, info = load(tmp_path / "r.parquet")
    assert info["format"] == "parquet" and frame[S.TEXT].tolist() == ["Great", "Too slow"]


def test_standard_input(monkeypatch):
    data = "text,author\nhello,ann\nworld,bob\n".encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    frame, info = load("-")
    assert info["source"] == "<stdin>" and frame[S.TEXT].tolist() == ["hello", "world"]


# --- encodings ------------------------------------------------------------------------

TEXTS = ["Café crème — très bon", "naïve “quotes” über", "plain ascii"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings(tmp_path, encoding):
    path = tmp_path / f"c-{encoding}.csv"
    path.write_bytes(("id,text\n" + "".join(f"{i},{t}\n" for i, t in enumerate(TEXTS))).encode(encoding))
    frame, info = load(path)
    assert frame[S.TEXT].tolist() == TEXTS
    assert list(frame.columns[:2]) == [S.COMMENT_ID, S.TEXT]  # no BOM glued to the first header


def test_cyrillic_code_page(tmp_path):
    path = tmp_path / "ru.csv"
    texts = ["Приложение постоянно падает", "Спасибо всё работает"]
    path.write_bytes(("text\n" + "\n".join(texts) + "\n").encode("cp1251"))
    frame, info = load(path)
    assert info["encoding"] == "cp1251" and frame[S.TEXT].tolist() == texts


def test_bad_byte_in_utf8_does_not_crash(tmp_path):
    path = tmp_path / "c.csv"
    body = "text\n" + "".join(f"é line {i}\n" for i in range(20))
    path.write_bytes(body.encode("utf-8") + b"broken \xff byte\n")
    frame, info = load(path)
    assert info["encoding"] == "utf-8" and frame[S.TEXT].iloc[-1] == "broken \ufffd byte"
    assert any("not valid UTF-8" in w for w in info["warnings"])


# --- timestamps ----------------------------------------------------------------------------


def test_dayfirst_detected_from_data():
    values = pd.Series(["01-02-2015 10:00", "16-02-2015 23:36"])
    assert detect_dayfirst(values) is True
    parsed, _ = parse_timestamps(values)
    assert parsed.dt.month.tolist() == [2, 2] and parsed.dt.day.tolist() == [1, 16]


def test_monthfirst_detected_from_data():
    parsed, _ = parse_timestamps(pd.Series(["01/02/2015", "12/25/2015"]))
    assert parsed.dt.month.tolist() == [1, 12] and parsed.dt.day.tolist() == [2, 25]


def test_epoch_seconds_and_milliseconds():
    seconds, _ = parse_timestamps(pd.Series(["1704067200", "1704070800"]))
    millis, _ = parse_timestamps(pd.Series([1704067200000, None]))
    assert str(seconds.iloc[0]) == str(millis.iloc[0]) == "2024-01-01 00:00:00+00:00"
    assert pd.isna(millis.iloc[1])


def test_iso_with_offsets_to_utc_and_bad_values_warned():
    parsed, warnings = parse_timestamps(pd.Series(["2024-01-05T10:00:00+02:00", "not a date", None]))
    assert str(parsed.iloc[0]) == "2024-01-05 08:00:00+00:00"
    assert pd.isna(parsed.iloc[1]) and pd.isna(parsed.iloc[2])
    assert any("not dates" in w for w in warnings)
    assert str(parsed.dtype) == "datetime64[us, UTC]"


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("empty.csv", "empty"),
        ("malformed.json", "line 3"),
        ("malformed.jsonl", "line 2"),
        ("no_text.csv", "id, score, count"),
        ("unknown.bin", "not a text export"),
        ("ragged.csv", "line 2"),
        ("does_not_exist.csv", "does not exist"),
    ],
)
def test_bad_input_names_the_file(name, needle):
    with pytest.raises(InputError) as err:
        load(BAD / name)
    assert name in str(err.value) and needle in str(err.value)
    assert err.value.exit_code == 2


def test_header_only_file_gives_empty_frame():
    frame, info = load(BAD / "header_only.csv")
    assert len(frame) == 0 and info["rows_read"] == 0
    assert {S.COMMENT_ID, S.TEXT, S.ROW, S.AUTHOR} <= set(frame.columns)


def test_unsupported_xls(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(InputError, match="old.xls"):
        load(path)


# --- property: any strings round-trip through CSV --------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), min_size=1, max_size=15))
def test_csv_round_trip(tmp_path_factory, texts):
    path = tmp_path_factory.mktemp("rt") / "comments.csv"
    pd.DataFrame({"text": texts}).to_csv(path, index=False)
    frame, info = load(path)
    assert len(frame) == len(texts)
    # CSV cannot tell an empty field from a missing one: both load as <NA>.
    assert [None if pd.isna(t) else t for t in frame[S.TEXT]] == [t if t != "" else None for t in texts]


# --- the real datasets, no flags ---------------------------------------------------------------

DATASET_FILES = {
    "airline_tweets": (["airline_tweets/Tweets.csv"], 14640, "text"),
    "youtube_spam": ([f"youtube_spam/{n}" for n in (
        "Youtube01-Psy.csv", "Youtube02-KatyPerry.csv", "Youtube03-LMFAO.csv",
        "Youtube04-Eminem.csv", "Youtube05-Shakira.csv")], 1956, "CONTENT"),
    "clap_app_reviews": (["clap_app_reviews/rq1-raw-data.csv",
                          "clap_app_reviews/rq3-manually-classified-implemented-reviews.csv"], 3725, None),
    "semeval2014_restaurants": (["semeval2014_restaurants/Restaurants_Train_v2.csv"], 3041, "text"),
    "banking77": (["banking77/train.csv", "banking77/test.csv"], 13083, "text"),
}


@pytest.mark.skipif(not DATASETS.exists(), reason="../shared/datasets is not present")
def test_real_dataset_folders_load_whole():
    frame, info = load_comments(DATASETS / "youtube_spam")
    assert len(frame) == 1956 and frame[S.SOURCE_FILE].nunique() == 5
    frame, info = load_comments(DATASETS / "banking77")
    assert len(frame) == 13083  # train + test; categories.json (a label list) is left out, with a warning
    assert any("categories.json" in w for w in info["warnings"])


@pytest.mark.skipif(not DATASETS.exists(), reason="../shared/datasets is not present")
@pytest.mark.parametrize("dataset", sorted(DATASET_FILES))
def test_real_datasets_load_without_flags(dataset):
    files, rows, text_column = DATASET_FILES[dataset]
    total = 0
    for name in files:
        frame, info = load_comments(DATASETS / name)
        raw = pd.read_csv(DATASETS / name, dtype=str, keep_default_na=False)
        assert len(frame) == len(raw)
        if text_column:
            assert info["columns"]["text"] == text_column
        assert frame[S.TEXT].fillna("").tolist() == raw[info["columns"]["text"]].tolist()
        assert frame[S.COMMENT_ID].is_unique
        total += len(frame)
    assert total == rows


def test_txt_one_comment_per_line_has_no_header(tmp_path):
    path = tmp_path / "comments.txt"
    path.write_text("I love it, really\n\nToo slow; please fix\n")
    frame, info = load(path)
    assert info["format"] == "lines"
    assert len(frame) == 3 and frame[S.TEXT].iloc[0] == "I love it, really" and pd.isna(frame[S.TEXT].iloc[1])
    table = tmp_path / "table.txt"
    table.write_text("id\tcomment\n1\thello there\n2\tbye now\n")
    frame, info = load(table)
    assert info["format"] == "tsv" and frame[S.TEXT].tolist() == ["hello there", "bye now"]


def test_dataframe_with_any_index_keeps_order():
    source = pd.DataFrame({"text": ["b", "a"], "n": [2, 1]}, index=[10, 3])
    frame, _ = load(source)
    assert frame[S.TEXT].tolist() == ["b", "a"] and frame["n"].tolist() == [2, 1]
    assert list(frame.index) == [0, 1]
    assert source.columns.tolist() == ["text", "n"]  # the caller's frame is not changed


def test_loader_options_are_valid_config():
    from insights.config import Config

    config = Config().set("load", text_column="body", file_format="jsonl", dayfirst=True)
    assert config.sections["load"] == {"text_column": "body", "file_format": "jsonl", "dayfirst": True}


def test_jsonl_of_api_pages_and_json_list_of_strings(tmp_path):
    page = json.loads((PLATFORMS / "twitter_v2.json").read_text())
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps(page) + "\n" + json.dumps(page) + "\n")
    frame, info = load(path)
    assert info["platform"] == "twitter" and len(frame) == 6
    assert frame[S.COMMENT_ID].is_unique  # the repeated page's ids were suffixed
    strings = tmp_path / "s.json"
    strings.write_text(json.dumps(["first comment", "second"]))
    assert load(strings)[0][S.TEXT].tolist() == ["first comment", "second"]


def test_cp1252_byte_deep_in_the_file(tmp_path):
    path = tmp_path / "late.csv"
    lines = ["text"] + [f"plain line {i}" for i in range(3000)] + ["déjà vu – “quoted”"]
    path.write_bytes("\n".join(lines).encode("cp1252") + b"\n")
    frame, info = load(path)
    assert info["encoding"] == "cp1252" and frame[S.TEXT].iloc[-1] == "déjà vu – “quoted”"


def test_gzip_csv_and_forced_options(tmp_path):
    path = tmp_path / "c.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("a|b\nhello there|1\n")
    frame, info = load(path)
    assert info["delimiter"] == "|" and frame[S.TEXT].tolist() == ["hello there"]
    frame, info = load(path, delimiter=",", text_column="a|b")
    assert frame[S.TEXT].tolist() == ["hello there|1"]
    with pytest.raises(InputError, match="file_format"):
        load(path, file_format="xml")


def test_excel_sheets(tmp_path):
    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"comment": ["one"]}).to_excel(writer, sheet_name="A", index=False)
        pd.DataFrame({"comment": ["two", "three"]}).to_excel(writer, sheet_name="B", index=False)
    frame, info = load(path)
    assert frame[S.TEXT].tolist() == ["one"] and any("sheet_name" in w for w in info["warnings"])
    assert load(path, sheet_name="B")[0][S.TEXT].tolist() == ["two", "three"]
    with pytest.raises(InputError, match="Sheets found: A, B"):
        load(path, sheet_name="C")


def test_zip_with_several_files_is_read_file_by_file(tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("b.csv", "text,n\ny,2\n")
        archive.writestr("a.csv", "text,n\nx,1\n")
        archive.writestr("README.md", "# notes\n")
    frame, info = load(path)
    assert frame[S.TEXT].tolist() == ["x", "y"]
    assert frame[S.SOURCE_FILE].tolist() == [f"{path}:a.csv", f"{path}:b.csv"]


def test_folder_of_exports_skips_unlike_files(tmp_path):
    (tmp_path / "page1.csv").write_text("id,comment\n1,first one\n")
    (tmp_path / "page2.csv").write_text("id,comment\n1,second one\n2,third one\n")
    (tmp_path / "labels.json").write_text(json.dumps(["a", "b"]))
    (tmp_path / "LICENSE").write_text("MIT")
    frame, info = load(tmp_path)
    assert frame[S.TEXT].tolist() == ["first one", "second one", "third one"]
    assert frame[S.COMMENT_ID].tolist() == ["1", "1-2", "2"]
    assert frame[S.SOURCE_FILE].str.endswith("page2.csv").sum() == 2
    assert any("labels.json" in w for w in info["warnings"])
    empty = tmp_path / "empty_dir"
    empty.mkdir()
    with pytest.raises(InputError, match="empty_dir"):
        load(empty)


def test_instagram_graph_comments_with_replies():
    frame, info = load(PLATFORMS / "instagram_comments.json")
    assert info["platform"] == "instagram"
    assert frame[S.TEXT].tolist() == ["Where can I buy this? 😍", "@maya link in bio!", "Shipping took 3 weeks"]
    assert frame[S.AUTHOR].tolist() == ["maya", "acme_shop", "omar"]
    assert frame[S.PARENT_ID].iloc[1] == "17890000000000001"
    assert "replies.data" not in frame.columns


def test_chat_export_with_rich_text_pieces(tmp_path):
    # Telegram Desktop's result.json: messages under "messages", text sometimes a list of pieces.
    export = {"name": "Support", "type": "public_supergroup", "id": 1, "messages": [
        {"id": 1, "type": "message", "date": "2024-01-02T10:00:00", "from": "Ann", "text": "Is the app down?"},
        {"id": 2, "type": "message", "date": "2024-01-02T10:05:00", "from": "Bob",
         "reply_to_message_id": 1, "text": ["Yes, ", {"type": "bold", "text": "since 9am"}]},
    ]}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export))
    frame, info = load(path)
    assert frame[S.TEXT].tolist() == ["Is the app down?", "Yes, since 9am"]
    assert frame[S.AUTHOR].tolist() == ["Ann", "Bob"]
    assert info["columns"]["parent"] == "reply_to_message_id"


def test_empty_json_array_is_an_empty_frame(tmp_path):
    path = tmp_path / "none.json"
    path.write_text("[]")
    frame, info = load(path)
    assert len(frame) == 0 and S.TEXT in frame.columns and info["warnings"]


def test_group_column_keeps_its_own_name_too():
    frame, _ = load(pd.DataFrame({"text": ["a", "b"], "airline": ["X", "Y"]}), group_column="airline")
    assert frame[S.GROUP].tolist() == ["X", "Y"] and frame["airline"].tolist() == ["X", "Y"]


def test_bad_options_are_config_errors(tmp_path):
    from insights.errors import ConfigError

    path = tmp_path / "c.csv"
    path.write_text("text\nhi\n")
    with pytest.raises(ConfigError, match="'encoding' parameter of Loader"):
        load(path, encoding="utf-99")
    with pytest.raises(ConfigError, match="'delimiter' parameter of Loader"):
        load(path, delimiter=";;")


def test_first_timestamp_column_that_parses_and_scaled_counts():
    # youtube-comment-downloader style: "time" is relative, "time_parsed" is epoch seconds.
    source = pd.DataFrame({
        "cid": ["x1", "x2"], "text": ["nice", "meh"], "time": ["2 years ago", "3 days ago"],
        "time_parsed": [1704067200.5, 1704153600.0], "votes": ["1.2K", "7"],
    })
    frame, info = load(source)
    assert info["columns"]["timestamp"] == "time_parsed" and info["columns"]["id"] == "cid"
    assert frame[S.LIKES].tolist() == [1200, 7]


def test_excel_sep_hint_line(tmp_path):
    path = tmp_path / "eu.csv"
    path.write_bytes("sep=;\r\ntext;note\r\nbonjour, ça va;1\r\n".encode("cp1252"))
    frame, info = load(path)
    assert info["delimiter"] == ";" and frame[S.TEXT].tolist() == ["bonjour, ça va"]


def test_records_nested_deeper_in_an_object(tmp_path):
    path = tmp_path / "api.json"
    path.write_text(json.dumps({"status": "ok", "response": {"page": 1, "items": [{"review": "Nice"}, {"review": "Bad"}]}}))
    assert load(path)[0][S.TEXT].tolist() == ["Nice", "Bad"]


def test_damaged_gzip_and_malformed_platform_shapes(tmp_path):
    broken = tmp_path / "cut.csv.gz"
    whole = gzip.compress(b"text\n" + b"hello\n" * 1000)
    broken.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match="cut.csv.gz"):
        load(broken)
    # Looks like an X/Twitter v2 response, but a referenced tweet is null: still loads.
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps({"data": [{"id": "1", "text": "hi", "referenced_tweets": [None]}], "includes": {"users": None}}))
    frame, _ = load(odd)
    assert frame[S.TEXT].tolist() == ["hi"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)), min_size=1, max_size=10))
def test_jsonl_round_trip(tmp_path_factory, texts):
    path = tmp_path_factory.mktemp("rt") / "comments.jsonl"
    lines = (json.dumps({"id": i, "body": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts))
    path.write_text("".join(lines), encoding="utf-8")
    frame, _ = load(path)
    assert [None if pd.isna(t) else t for t in frame[S.TEXT]] == texts
    assert frame[S.COMMENT_ID].tolist() == [str(i) for i in range(len(texts))]


def test_big_integer_ids_keep_every_digit(tmp_path):
    path = tmp_path / "statuses.json"
    path.write_text('[{"id": 1745000000000000001, "full_text": "a", "text": "a…", "in_reply_to_status_id": null},'
                    ' {"id": 1745000000000000003, "full_text": "b", "text": "b…", "in_reply_to_status_id": 1745000000000000001}]')
    frame, info = load(path)
    assert frame[S.COMMENT_ID].tolist() == ["1745000000000000001", "1745000000000000003"]
    assert frame[S.PARENT_ID].iloc[1] == "1745000000000000001"
    assert info["columns"]["text"] == "full_text"
