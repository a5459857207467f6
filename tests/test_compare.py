"""compare: tests on hand-made frames whose p-values, lifts and shares were worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st_h

from insights import schema as S
from insights.compare import (
    Comparison,
    compare,
    compare_inputs,
    emerging,
    substantive_share,
    trends,
)
from insights.compare import stats as st
from insights.errors import InputError

CHI2_12_5 = 0.000406952  # chi2.sf(12.5, df=1): 30/100 vs 10/100 (pooled 0.2, z = 3.536)


def frame(spec: dict[str, list[tuple[str, int, int]]], **extra: list) -> pd.DataFrame:
    """spec: group -> [(intent, topic_id, how many)]; every row kept."""
    rows = []
    for group, parts in spec.items():
        for intent, topic, n in parts:
            for _ in range(n):
                i = len(rows)
                rows.append({
                    S.COMMENT_ID: f"c{i}", S.TEXT: f"comment {i}", S.DISPLAY_TEXT: f"comment number {i} here ok",
                    S.KEPT: True, S.DROP_REASON: "", S.GROUP: group, S.INTENT: intent, S.INTENTS_ALL: intent,
                    S.INTENT_TEXT: "", S.TOPIC_ID: topic, S.TOPIC_LABEL: f"topic {topic}", S.SENTIMENT: 0.0,
                    S.SENTIMENT_LABEL: "neutral",
                })
    out = pd.DataFrame(rows)
    for col, values in extra.items():
        out[col] = values
    return out


def two_topics() -> pd.DataFrame:
    """Groups A and B over topics 0 and 1, A leaning to topic 0 (30/20) and B to topic 1 (10/40)."""
    return frame({"A": [("other", 0, 30), ("other", 1, 20)], "B": [("other", 0, 10), ("other", 1, 40)]})


def two_groups(k_a: int = 30, k_b: int = 10) -> pd.DataFrame:
    return frame({"A": [("complaint", 0, k_a), ("other", 1, 100 - k_a)],
                  "B": [("complaint", 0, k_b), ("other", 1, 100 - k_b)]})


# --- stats ----------------------------------------------------------------------------------

def test_proportion_test_matches_hand_computed_chi_square():
    assert st.proportion_test(30, 100, 10, 100) == pytest.approx(CHI2_12_5, rel=1e-4)
    assert st.proportion_test(20, 100, 20, 100) == pytest.approx(1.0)


def test_proportion_test_uses_fisher_on_small_cells_and_degenerates_to_one():
    # 3/4 vs 0/4: Fisher's two-sided p = 2 * C(3,3)C(5,1)/C(8,4) = 2 * 5/70 = 0.142857
    assert st.proportion_test(3, 4, 0, 4) == pytest.approx(1 / 7, rel=1e-6)
    assert st.proportion_test(0, 10, 0, 10) == 1.0
    assert st.proportion_test(1, 1, 0, 0) == 1.0


def test_holm_and_benjamini_hochberg_by_hand():
    # sorted 0.01, 0.03, 0.04 -> Holm 3*0.01, max(2*0.03, .), max(1*0.04, .) = 0.03, 0.06, 0.06
    assert holm_list([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    # BH: 0.01*3/1, 0.03*3/2 = 0.045, 0.04*3/3 = 0.04 -> monotone from the top: 0.03, 0.04, 0.04
    assert st.benjamini_hochberg([0.01, 0.04, 0.03]).tolist() == pytest.approx([0.03, 0.04, 0.04])
    out = st.holm([0.01, float("nan"), 0.04])
    assert math.isnan(out[1]) and out[0] == pytest.approx(0.02) and out[2] == pytest.approx(0.04)


def holm_list(p):
    return st.holm(p).tolist()


def test_omnibus_chi_square_by_hand():
    chi2, df, p = st.omnibus_test([30, 10, 20], [100, 100, 100])
    assert (round(chi2, 6), df) == (12.5, 2)
    assert p == pytest.approx(math.exp(-6.25), rel=1e-9)  # chi2 survival with 2 df is exp(-x/2)


def test_bootstrap_is_deterministic_and_covers_the_mean():
    values = np.array([1.0] * 30 + [0.0] * 70)
    a = st.bootstrap_means(values, n_boot=500, seed=3)
    b = st.bootstrap_means(values, n_boot=500, seed=3)
    assert a[0][0] == b[0][0] and a[1][0] == b[1][0]
    assert a[0][0] < 0.3 < a[1][0]
    low, high = st.bootstrap_means(np.array([1.0]))
    assert low[0] == high[0] == 1.0
    low, high = st.bootstrap_means(np.array([]))
    assert math.isnan(low[0])


def test_format_p():
    assert [st.format_p(x) for x in (0.0004, 0.004, 0.0492, 0.5)] == [
        "p < 0.001", "p < 0.01", "p = 0.049", "p = 0.50"]


# --- groups ---------------------------------------------------------------------------------

def test_thirty_vs_ten_complaints_is_a_significant_difference():
    cmp = compare(two_groups(), by=S.GROUP, use_spacy=False, n_boot=200)
    g = cmp.groups.set_index("group")
    assert g.loc["A", "complaint_share"] == 0.3 and g.loc["B", "complaint_share"] == 0.1
    assert g.loc["A", "complaint_share_p_raw"] == pytest.approx(CHI2_12_5, rel=1e-4)
    # Holm over the 14 group x measure tests: sentiment/negative are constant (p = 1), so 14 tests;
    # the 4 smallest are all CHI2_12_5 -> 14 * p.
    assert g.loc["A", "complaint_share_p"] == pytest.approx(14 * CHI2_12_5, rel=1e-4)
    assert g.loc["A", "complaint_share_low"] < 0.3 < g.loc["A", "complaint_share_high"]
    texts = [v.text for v in cmp.verdicts]
    # Newcombe: Wilson 30/100 = [0.2190, 0.3959], 10/100 = [0.0552, 0.1744];
    # 0.2 - sqrt(0.0810^2 + 0.0744^2) = 0.090, 0.2 + sqrt(0.0959^2 + 0.0448^2) = 0.306
    assert ("Group A drew 3.0x more complaints than Group B: 30% vs 10%, a gap of 20 points (95% CI 9 to 31), "
            "p < 0.01.") in texts
    assert cmp.summary_lines()[1] == texts[0]


def test_identical_groups_give_p_one_and_no_verdict():
    cmp = compare(two_groups(20, 20), by=S.GROUP, use_spacy=False, n_boot=100)
    assert cmp.groups["complaint_share_p"].tolist() == pytest.approx([1.0, 1.0])
    assert [v for v in cmp.verdicts if v.kind == "measure"] == []
    assert "No difference we can trust at this sample size" in cmp.summary_lines()[1]
    assert "No difference we can trust" in cmp.to_markdown()


def test_only_kept_rows_count_and_intents_all_counts_secondary_intents():
    f = two_groups(20, 20)
    f.loc[0, S.KEPT] = False
    f.loc[0, S.DROP_REASON] = S.DROP_SPAM
    f.loc[150, S.INTENTS_ALL] = "other;request"  # group B, primary intent "other"
    g = compare(f, by=S.GROUP, use_spacy=False, n_boot=50).groups.set_index("group")
    assert g.loc["A", "comments"] == 99 and g.loc["A", "complaint_share"] == pytest.approx(19 / 99)
    assert g.loc["B", "request_share"] == pytest.approx(1 / 100)


def test_bootstrap_intervals_are_reproducible():
    a = compare(two_groups(), by=S.GROUP, use_spacy=False, n_boot=200, seed=7).groups
    b = compare(two_groups(), by=S.GROUP, use_spacy=False, n_boot=200, seed=7).groups
    pd.testing.assert_frame_equal(a, b)


def test_tiny_group_does_not_crash_and_gets_no_verdict():
    f = frame({"A": [("complaint", 0, 1)], "B": [("complaint", 0, 2), ("other", 1, 28)]})
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=50)
    assert cmp.groups.set_index("group").loc["A", "comments"] == 1
    assert all(v.group != "A" for v in cmp.verdicts)
    assert cmp.to_html() and cmp.to_markdown()


@pytest.mark.parametrize("n", [0, 1, 3, 10])
def test_small_inputs_do_not_crash(n, tmp_path):
    f = frame({"A": [("complaint", 0, n)]}) if n else frame({"A": [("other", 0, 1)]}).iloc[:0]
    if n >= 3:
        f.loc[f.index[-1], S.GROUP] = "B"
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=20)
    assert isinstance(cmp, Comparison)
    assert cmp.summary_lines()
    assert set(cmp.save(tmp_path)) >= {"compare_groups.csv", "compare_topics.csv", "compare.md", "compare.html"}


def test_three_variants_pairwise_gated_by_omnibus():
    # Questions: A 5/50, B 25/50, C 6/50. Omnibus chi2 is large; B differs from both A and C.
    f = frame({"A": [("question", 0, 5), ("other", 1, 45)],
               "B": [("question", 0, 25), ("other", 1, 25)],
               "C": [("question", 0, 6), ("other", 1, 44)]})
    f["variant"] = f[S.GROUP]
    cmp = compare(f, by="variant", use_spacy=False, n_boot=50)
    omni = cmp.omnibus.set_index("measure")
    assert omni.loc["question", "p_value"] < 0.001
    texts = [v.text for v in cmp.verdicts if v.kind == "measure" and v.measure == "question"]
    assert any(t.startswith("Variant B drew 5.0x more questions than Variant A: 50% vs 10%, a gap of 40 points")
               for t in texts)
    assert not any("Variant C drew" in t and "Variant A" in t for t in texts)


def test_missing_group_values_dropped_or_grouped():
    f = two_groups(20, 20)
    f.loc[:9, S.GROUP] = ""
    assert compare(f, by=S.GROUP, use_spacy=False, n_boot=20).groups["group"].tolist() == ["A", "B"]
    grouped = compare(f, by=S.GROUP, use_spacy=False, n_boot=20, missing="group")
    assert grouped.groups["group"].tolist() == ["(none)", "A", "B"]


def test_unknown_column_error_lists_columns():
    with pytest.raises(InputError, match="Column 'flavour' not found.*Columns found: comment_id"):
        compare(two_groups(), by="flavour", use_spacy=False)


def test_authors_and_mentions():
    f = two_groups(20, 20)
    f[S.AUTHOR] = ["ann", "bob"] * 100
    f[S.DUPLICATE_COUNT] = 1
    f.loc[0, S.DUPLICATE_COUNT] = 4
    g = compare(f, by=S.GROUP, use_spacy=False, n_boot=20).groups.set_index("group")
    assert g.loc["A", "authors"] == 2 and g.loc["A", "mentions"] == 103


# --- topics ---------------------------------------------------------------------------------

def test_catch_all_topics_are_no_finding():
    # Same counts as test_topic_lift_by_hand, but topic 0 is the stage's catch-all topic.
    f = two_topics()
    f.loc[f[S.TOPIC_ID] == 0, S.TOPIC_LABEL] = "Other chatter (update)"
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=20)
    assert not any(v.kind == "topic" and "Other chatter" in v.text for v in cmp.verdicts)
    from insights.compare.write import render_markdown

    assert "Other chatter" not in render_markdown(cmp)
    # ... and it still has its row in compare_topics.csv.
    assert (cmp.topics["topic_label"] == "Other chatter (update)").any()


def test_the_quote_is_the_comment_most_about_the_topic():
    f = two_topics()
    first_a0 = f.index[(f[S.GROUP] == "A") & (f[S.TOPIC_ID] == 0)]
    f.loc[first_a0, S.TOPIC_LABEL] = "Website problems"
    f.loc[first_a0[5], S.DISPLAY_TEXT] = "the website will not let me book my seat again"
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=20)
    assert cmp.quotes[("all", "A", 0)] == "the website will not let me book my seat again"
    # No comment uses the topic's words: the first one of five words or more, in input order.
    assert cmp.quotes[("all", "B", 1)] == f.loc[f.index[(f[S.GROUP] == "B") & (f[S.TOPIC_ID] == 1)][0], S.DISPLAY_TEXT]


def test_the_quote_says_what_the_groups_comments_on_the_topic_share():
    # A's comments on "Email and website problems": one about an email (first in input order),
    # three about the website. Each uses one topic word; "website" is what A's comments share.
    f = two_topics()
    rows = f.index[(f[S.GROUP] == "A") & (f[S.TOPIC_ID] == 0)]
    f.loc[f[S.TOPIC_ID] == 0, S.TOPIC_LABEL] = "Email and website problems"
    f.loc[rows[0], S.DISPLAY_TEXT] = "I sent an email with no reply at all"
    for i in rows[1:4]:
        f.loc[i, S.DISPLAY_TEXT] = "the website is down again today"
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=20)
    assert cmp.quotes[("all", "A", 0)] == "the website is down again today"


def test_topic_lift_by_hand():
    # A: topic 0 x30, topic 1 x20; B: topic 0 x10, topic 1 x40. Overall topic 0 = 40/100.
    f = two_topics()
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=20)
    t = cmp.topics.set_index(["group", "topic_id"])
    assert t.loc[("A", 0), "share"] == 0.6 and t.loc[("A", 0), "lift"] == pytest.approx(1.5)
    assert t.loc[("B", 1), "lift"] == pytest.approx(0.8 / 0.6)
    # 30/50 vs 10/50: expected 20 and 30 per cell -> chi2 = 2 * (100/20 + 100/30) = 16.667
    assert t.loc[("A", 0), "p_raw"] == pytest.approx(4.4551e-5, rel=1e-3)
    assert list(cmp.topics.columns[:8]) == ["group", "topic_id", "topic_label", "count", "share",
                                            "overall_share", "lift", "p_value"]
    assert any(v.kind == "topic" and v.group == "A" and "1.5x as many of its comments are about \u201ctopic 0\u201d" in v.text for v in cmp.verdicts)


def test_topic_labels_come_from_topics_table():
    f = two_topics()
    topics = pd.DataFrame({"topic_id": [0, 1], "label": ["late flights", "refunds"]})
    cmp = compare(f, by=S.GROUP, topics=topics, use_spacy=False, n_boot=20)
    assert cmp.topics.set_index(["group", "topic_id"]).loc[("A", 0), "topic_label"] == "late flights"


# --- trends ---------------------------------------------------------------------------------

def timeline() -> pd.DataFrame:
    # Week 1 (Mon 2024-10-07): topic 0 x18, topic 1 x2. Week 2 (Mon 2024-10-14): topic 0 x2, topic 1 x18.
    days = ["2024-10-08T12:00:00Z"] * 20 + ["2024-10-16T12:00:00Z"] * 20
    topics = [0] * 18 + [1] * 2 + [0] * 2 + [1] * 18
    return pd.DataFrame({S.TIMESTAMP: pd.to_datetime(days, utc=True), S.KEPT: True, S.TOPIC_ID: topics,
                         S.TOPIC_LABEL: [f"t{t}" for t in topics], S.INTENT: "other"})


def test_trends_per_week():
    t = trends(timeline(), "week")
    assert t[["period", "topic_id", "count", "share"]].values.tolist() == [
        ["2024-10-07", 0, 18, 0.9], ["2024-10-07", 1, 2, 0.1], ["2024-10-14", 1, 18, 0.9], ["2024-10-14", 0, 2, 0.1]]
    assert trends(timeline(), "month")["count"].tolist() == [20, 20]


def test_emerging_and_fading_by_hand():
    e = emerging(timeline(), "week")
    assert e[["topic_id", "topic", "direction"]].values.tolist() == [[1, "t1", "emerging"], [0, "t0", "fading"]]
    # change: (18.5 / 21) / (2.5 / 21) = 7.4 for topic 1
    assert e.iloc[0]["change"] == pytest.approx(7.4)
    assert e.iloc[0]["recent_share"] == 0.9 and e.iloc[0]["baseline_share"] == 0.1


def test_emerging_needs_two_periods_and_flags_nothing_when_steady():
    one = timeline().iloc[:20]
    assert emerging(one, "week").empty
    steady = timeline()
    steady[S.TOPIC_ID] = [0, 1] * 20
    assert emerging(steady, "week").empty
    assert set(emerging(steady, "week", all_topics=True)["direction"]) == {"steady"}


def test_period_without_timestamp_is_an_actionable_error():
    with pytest.raises(InputError, match="no 'timestamp' column"):
        trends(two_groups(), "week")


def test_compare_by_period(tmp_path):
    cmp = compare(timeline(), period="week", use_spacy=False, n_boot=20)
    assert cmp.groups["group"].tolist() == ["2024-10-07", "2024-10-14"]
    assert cmp.emerging is not None and cmp.emerging.iloc[0]["direction"] == "emerging"
    assert any("\u201ct1\u201d is emerging" in line for line in cmp.summary_lines())
    assert "compare_emerging.csv" in cmp.save(tmp_path)


# --- substantive share ----------------------------------------------------------------------

def test_substantive_share_counts_dropped_reactions_and_excludes_spam():
    f = pd.DataFrame({
        S.POST_ID: ["p1"] * 6 + ["p2"] * 2,
        S.KEPT: [True, True, True, False, False, False, True, True],
        S.DROP_REASON: ["", "", "", S.DROP_EMOJI_ONLY, S.DROP_SPAM, S.DROP_DUPLICATE, "", ""],
        S.INTENT: ["question", "praise", "praise", "other", "other", "other", "other", "complaint"],
        S.CLEAN_TEXT: ["where can I buy it?", "nice", "the warm light setting is perfect at night",
                       "", "buy followers now", "nice", "lol", "it broke"],
        S.INTENT_TEXT: [""] * 8,
    })
    out = substantive_share(f, by=S.POST_ID, use_spacy=False).set_index("group")
    # p1 base: question, "nice", specific praise, emoji-only reaction = 4 (spam and duplicate excluded)
    assert out.loc["p1", "base"] == 4 and out.loc["p1", "substantive"] == 2
    assert out.loc["p1", "substantive_share"] == 0.5 and out.loc["p2", "substantive_share"] == 0.5


def test_specific_praise_with_spacy_noun():
    f = pd.DataFrame({S.KEPT: True, S.DROP_REASON: "", S.INTENT: "praise", S.INTENT_TEXT: "",
                      S.CLEAN_TEXT: ["love the colour", "love it so much"]})
    out = substantive_share(f.assign(g=["a", "b"]), by="g", use_spacy=True).set_index("group")
    assert out.loc["a", "substantive"] == 1 and out.loc["b", "substantive"] == 0


# --- outputs --------------------------------------------------------------------------------

def test_html_escapes_comment_text_and_has_csp(tmp_path):
    f = frame({"A": [("complaint", 0, 30), ("other", 1, 20)], "B": [("other", 0, 5), ("other", 1, 45)]})
    f[S.DISPLAY_TEXT] = f[S.DISPLAY_TEXT].astype(object)
    f.loc[0, S.DISPLAY_TEXT] = "<script>alert('x')</script> the strap broke after a week"
    f[S.TOPIC_LABEL] = np.where(f[S.TOPIC_ID] == 0, "<b>strap</b>", "misc")
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=20)
    html = cmp.to_html()
    assert "<script" not in html and "&lt;script&gt;" in html and "<b>strap" not in html
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in html
    assert "http://" not in html and "https://" not in html
    assert "<script" not in cmp.to_markdown()
    paths = cmp.save(tmp_path)
    assert paths["compare.html"].read_text(encoding="utf-8") == html


def test_saved_csv_columns_and_formula_guard(tmp_path):
    f = two_groups()
    f[S.GROUP] = f[S.GROUP].map({"A": "=A", "B": "B"})
    paths = compare(f, by=S.GROUP, use_spacy=False, n_boot=20).save(tmp_path)
    groups = pd.read_csv(paths["compare_groups.csv"])
    for col in ("group", "comments", "authors", "sentiment", "negative_share", "complaint_share", "request_share",
                "question_share", "praise_share", "substantive_share", "complaint_share_p",
                "complaint_share_low", "complaint_share_high"):
        assert col in groups.columns
    assert groups["group"].tolist() == ["'=A", "B"]


def test_compare_inputs_labels_before_and_after():
    before = frame({"x": [("complaint", 0, 10), ("other", 1, 90)]})
    after = frame({"x": [("complaint", 5, 30), ("other", 6, 70)]})
    after[S.TOPIC_LABEL] = np.where(after[S.TOPIC_ID] == 5, "topic 0", "topic 1")  # same labels, new ids
    cmp = compare_inputs(before, after, use_spacy=False, n_boot=20)
    assert cmp.groups["group"].tolist() == ["before", "after"]
    assert any(v.text.startswith("After drew 3.0x more complaints than Before") for v in cmp.verdicts)
    assert set(cmp.topics["topic_label"]) == {"topic 0", "topic 1"}


def test_five_or_more_groups_read_against_the_rest():
    # Group E: 40/100 complaints; A-D: 10/100 each. Rest = 40/400 = 10% -> "4.0x more".
    spec = {g: [("complaint", 0, 10), ("other", 1, 90)] for g in "ABCD"}
    spec["E"] = [("complaint", 0, 40), ("other", 1, 60)]
    cmp = compare(frame(spec), by=S.GROUP, use_spacy=False, n_boot=20)
    texts = [v.text for v in cmp.verdicts if v.kind == "measure"]
    assert any(t.startswith("Group E drew 4.0x more complaints than the other groups (40% vs 10%") for t in texts)
    assert "complaint_n" in cmp.groups.columns


def test_topics_among_complaints_scope():
    # Complaints: A has topic 0 x20, topic 1 x5; B topic 0 x5, topic 1 x20. Everything else "other", topic 2.
    f = frame({"A": [("complaint", 0, 20), ("complaint", 1, 5), ("other", 2, 25)],
               "B": [("complaint", 0, 5), ("complaint", 1, 20), ("other", 2, 25)]})
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=20)
    t = cmp.topics.set_index(["scope", "group", "topic_id"])
    # among complaints: 20/25 = 0.8 vs 25/50 = 0.5 overall -> lift 1.6; excess = 20 - 25 * 0.5 = 7.5
    assert t.loc[("complaints", "A", 0), "lift"] == pytest.approx(1.6)
    assert t.loc[("complaints", "A", 0), "excess"] == pytest.approx(7.5)
    assert t.loc[("all", "A", 0), "share"] == pytest.approx(0.4)
    assert any(v.group == "A" and "1.6x as many of its complaints are about \u201ctopic 0\u201d" in v.text for v in cmp.verdicts)
    assert "Among complaints" in cmp.to_markdown()


def test_complaint_topics_lead_each_group():
    # Same frame: A's topic 0 is over-represented among its complaints (1.6x) and among all of its
    # comments; a team acts on the complaint finding, so it comes first, in the verdicts and in
    # compare.md's topic section.
    f = frame({"A": [("complaint", 0, 20), ("complaint", 1, 5), ("other", 2, 25)],
               "B": [("complaint", 0, 5), ("complaint", 1, 20), ("other", 2, 25)]})
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=20)
    mine = [v for v in cmp.verdicts if v.kind == "topic" and v.group == "A"]
    assert [v.measure for v in mine][:1] == ["complaints"] and "all" in [v.measure for v in mine]
    md = cmp.to_markdown()
    section = md[md.index("## Topics each"):]
    assert section.index("Among complaints") < section.index("In all comments")


def test_the_quote_matches_topic_words_in_any_inflection():
    f = two_topics()
    rows = f.index[(f[S.GROUP] == "A") & (f[S.TOPIC_ID] == 0)]
    f.loc[rows, S.TOPIC_LABEL] = "Delay"
    f.loc[rows[3], S.DISPLAY_TEXT] = "my flight was delayed again today"
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=20)
    assert cmp.quotes[("all", "A", 0)] == "my flight was delayed again today"


def test_emerging_line_for_a_new_topic():
    t = timeline()
    t.loc[20:29, S.TOPIC_ID] = 7  # ten comments in week 2 on a topic never seen before
    t.loc[20:29, S.TOPIC_LABEL] = "strap recall"
    cmp = compare(t, period="week", use_spacy=False, n_boot=20)
    assert any(line.startswith("\u201cstrap recall\u201d is new: 10 comments (50%) in the latest week, none before")
               for line in cmp.summary_lines())


def test_net_sentiment_column_uses_labels():
    f = two_groups(20, 20)
    f[S.SENTIMENT_LABEL] = ["positive"] * 60 + ["negative"] * 20 + ["neutral"] * 20 + ["negative"] * 100
    g = compare(f, by=S.GROUP, use_spacy=False, n_boot=20).groups.set_index("group")
    assert g.loc["A", "net_sentiment"] == pytest.approx(0.4)  # 60% positive - 20% negative
    assert g.loc["B", "net_sentiment"] == pytest.approx(-1.0)
    assert g.loc["A", "net_sentiment_low"] < 0.4 < g.loc["A", "net_sentiment_high"]


def test_numeric_group_values_keep_their_meaning():
    f = two_groups(20, 20)
    f["version"] = [3.0] * 100 + [3.1] * 100
    assert compare(f, by="version", use_spacy=False, n_boot=20).groups["group"].tolist() == ["3.0", "3.1"]
    f["post"] = [1.0] * 100 + [float("nan")] * 50 + [2.0] * 50
    assert compare(f, by="post", use_spacy=False, n_boot=20).groups["group"].tolist() == ["1", "2"]


@settings(max_examples=25, deadline=None)
@given(st_h.lists(st_h.tuples(st_h.sampled_from("AB"), st_h.sampled_from(["complaint", "other", "praise"]),
                              st_h.integers(-1, 2), st_h.booleans()), max_size=40))
def test_any_small_frame_gives_valid_p_values_and_intervals(rows):
    f = pd.DataFrame([{S.GROUP: g, S.INTENT: i, S.TOPIC_ID: t, S.KEPT: k, S.DROP_REASON: "" if k else "spam",
                       S.SENTIMENT: 0.1 * t} for g, i, t, k in rows],
                     columns=[S.GROUP, S.INTENT, S.TOPIC_ID, S.KEPT, S.DROP_REASON, S.SENTIMENT])
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=20)
    p = cmp.groups.filter(like="_p").to_numpy(dtype=float)
    assert np.all(np.isnan(p) | ((p >= 0) & (p <= 1)))
    for row in cmp.groups.itertuples(index=False):
        if row.comments:
            assert 0 <= row.complaint_share_low <= row.complaint_share_high <= 1
    o = cmp.omnibus["p_value"].to_numpy(dtype=float)
    assert np.all(np.isnan(o) | ((o >= 0) & (o <= 1)))
    t = cmp.topics
    if len(t):
        assert np.all(t["lift_low"] <= t["lift"] + 1e-9) and np.all(t["lift"] <= t["lift_high"] + 1e-9)
        assert np.all(t["excess_low"] <= t["excess"] + 1e-9)
    d = cmp.pairs.dropna(subset=["diff_low", "diff_high"])
    assert np.all(d["diff_low"] <= d["diff"] + 1e-9) and np.all(d["diff"] <= d["diff_high"] + 1e-9)
    assert cmp.summary_lines()


def test_pick_period():
    from insights.compare import pick_period

    assert pick_period(timeline()) is None  # spans 8 days -> "day", but only 2 days have comments
    days = pd.to_datetime(["2024-10-01", "2024-10-02", "2024-10-05"], utc=True)
    assert pick_period(pd.DataFrame({S.TIMESTAMP: days})) == "day"
    months = pd.to_datetime(["2024-01-01", "2024-05-01", "2024-12-01"], utc=True)
    assert pick_period(pd.DataFrame({S.TIMESTAMP: months})) == "month"
    assert pick_period(two_groups()) is None


def test_tiny_significant_differences_get_no_verdict():
    # 2000 vs 2000 comments, complaints 50% vs 56%: significant (z = 3.8) but only 1.12x.
    f = frame({"A": [("complaint", 0, 1000), ("other", 1, 1000)], "B": [("complaint", 0, 1120), ("other", 1, 880)]})
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=20)
    assert cmp.pairs.set_index("measure").loc["complaint", "p_value"] < 0.01
    assert [v for v in cmp.verdicts if v.kind == "measure"] == []
    assert compare(f, by=S.GROUP, use_spacy=False, n_boot=20, min_ratio=1.05).verdicts


# --- ranking topics: real and big before big-lift-on-few-comments ------------------------

def test_wilson_interval_by_hand():
    # 25/50: centre (0.5 + 1.96^2/100) / (1 + 1.96^2/50) = 0.5; half = 1.96 * sqrt(0.005 + 1.96^2/10^4) / 1.0768
    low, high = st.wilson_interval(np.array([25, 3]), np.array([50, 10]))
    assert low[0] == pytest.approx(0.36644, abs=1e-4) and high[0] == pytest.approx(0.63356, abs=1e-4)
    assert (low[1], high[1]) == pytest.approx((0.10779, 0.60322), abs=1e-4)
    empty_low, _ = st.wilson_interval(0, 0)
    assert math.isnan(float(empty_low))


def test_topics_ranked_by_excess_low_not_lift():
    # A (50 comments): topic 0 x5 (0 in B: lift 10), topic 1 x25 (B 90/450: overall 115/500 = 0.23, lift 2.17).
    # excess_low: topic 0 = 50 * (wilson_low(5, 50) = 0.04348 - 0.01) = 1.67;
    #             topic 1 = 50 * (wilson_low(25, 50) = 0.36644 - 0.23) = 6.82 -> topic 1 first.
    f = frame({"A": [("other", 0, 5), ("other", 1, 25), ("other", 2, 20)],
               "B": [("other", 1, 90), ("other", 2, 360)]})
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=20)
    a = cmp.topics[(cmp.topics["group"] == "A") & (cmp.topics["scope"] == "all")]
    assert a["topic_id"].tolist()[:2] == [1, 0]
    rows = a.set_index("topic_id")
    assert rows.loc[0, "lift"] == pytest.approx(10.0) and rows.loc[1, "lift"] == pytest.approx(0.5 / 0.23)
    assert rows.loc[0, "excess_low"] == pytest.approx(1.674, abs=1e-3)
    assert rows.loc[1, "excess_low"] == pytest.approx(6.822, abs=1e-3)
    assert rows.loc[1, "lift_low"] == pytest.approx(0.36644 / 0.23, abs=1e-3)
    topic_verdicts = [v.topic_id for v in cmp.verdicts if v.kind == "topic" and v.group == "A"]
    assert topic_verdicts[:2] == [1, 0]


def test_not_significant_topics_come_after_significant_ones():
    t = pd.DataFrame({"group": ["A", "A", "A"], "topic_id": [0, 1, 2], "lift": [3.0, 1.5, 0.5],
                      "p_value": [0.2, 0.01, 0.001], "excess_low": [9.0, 2.0, -5.0]})
    from insights.compare.topics import rank_topics

    assert rank_topics(t, ["A"])["topic_id"].tolist() == [1, 0, 2]


# --- small cells: exact omnibus p, intervals that do not collapse, no ratio over 1 comment ---

def test_omnibus_small_cells_uses_an_exact_p_not_chi_square():
    # 2 successes among three groups of 2. chi2 of (2, 0, 0) = 4 + 2/3 + 2/3 + 4/3 + 1/3 + 1/3 = 6.0;
    # chi2.sf(6, 2) = 0.0498, but exactly: P(both in one group) = 3 * C(2,2) / C(6,2) = 0.2.
    chi2, df, p = st.omnibus_test([2, 0, 0], [2, 2, 2])
    assert chi2 == pytest.approx(6.0) and df == 2
    assert p == pytest.approx(0.2, abs=0.01)
    assert st.small_expected([2, 0, 0], [2, 2, 2]) and not st.small_expected([30, 10, 20], [100] * 3)
    assert st.omnibus_test([2, 0, 0], [2, 2, 2]) == (chi2, df, p)  # seeded: repeatable


def test_zero_share_interval_is_wilson_not_a_collapsed_bootstrap():
    # B: 0 requests of 40. Bootstrap gives [0, 0]; Wilson's upper end is 1.96^2 / (40 + 1.96^2) = 0.0876.
    f = frame({"A": [("request", 0, 10), ("other", 1, 30)], "B": [("other", 1, 40)]})
    g = compare(f, by=S.GROUP, use_spacy=False, n_boot=50).groups.set_index("group")
    assert g.loc["B", "request_share_low"] == 0.0
    assert g.loc["B", "request_share_high"] == pytest.approx(0.0876, abs=1e-4)


def test_no_ratio_when_the_smaller_group_has_one_comment():
    # A 9/38 requests, B 1/54: 12.8x would rest on one comment, so the sentence gives shares and the gap:
    # 23.7% - 1.9% = 21.8 points; Newcombe [0.085, 0.374].
    f = frame({"A": [("request", 0, 9), ("other", 1, 29)], "B": [("request", 0, 1), ("other", 1, 53)]})
    texts = [v.text for v in compare(f, by=S.GROUP, use_spacy=False, n_boot=50).verdicts if v.measure == "request"]
    assert texts and texts[0].startswith(
        "Group A drew more requests than Group B: 24% vs 2%, a gap of 22 points (95% CI 9 to 37), p ")
    assert "x more" not in texts[0]


# --- words that set a group's complaints apart ---------------------------------------------

def test_distinctive_terms_by_hand():
    from insights.compare.terms import distinctive_terms

    # A: 4 complaints "site ...", B: 4 complaints "late ...". Prior = 0.1 * pooled = 0.4 per word, total 0.8.
    # site in A: log(4.4 / 0.4) - log(0.4 / 4.4) = 2 ln 11 = 4.7958; se = sqrt(1/4.4 + 1/0.4) = 1.6514;
    # z = 2.904, p = 2 * norm.sf(2.904) = 0.00368 (two tests, both the same p, so BH leaves it).
    f = pd.DataFrame({S.KEPT: [True] * 8, S.GROUP: list("AAAABBBB"),
                      S.CLEAN_TEXT: ["site", "site", "Site", "site", "late", "late", "late", "late"]})
    t = distinctive_terms(f, f[S.GROUP].to_numpy(dtype=object), ["A", "B"], min_count=3, use_spacy=False)
    assert t[["group", "term", "count", "base"]].values.tolist() == [["A", "site", 4, 4], ["B", "late", 4, 4]]
    assert t["z"].tolist() == pytest.approx([2.904, 2.904], abs=1e-3)
    assert t["p_value"].tolist() == pytest.approx([0.00368, 0.00368], abs=1e-4)


def test_distinctive_terms_in_the_comparison_skip_own_name_and_tiny_inputs():
    f = frame({"United": [("complaint", 0, 10), ("other", 1, 10)], "Delta": [("complaint", 0, 10), ("other", 1, 10)]})
    texts = ["united lost my bag"] * 10 + [""] * 10 + ["flight delayed again"] * 10 + [""] * 10
    f[S.CLEAN_TEXT] = texts
    cmp = compare(f, by=S.GROUP, use_spacy=False, n_boot=20)
    terms = cmp.terms
    assert not any("united" in t for t in terms["term"])  # people name whom they complain to
    assert set(terms.loc[terms["group"] == "United", "term"]) >= {"lost", "bag"}
    assert set(terms.loc[terms["group"] == "Delta", "term"]) >= {"delayed"}
    assert (terms["scope"] == "complaints").all()
    assert "Words that set each group's complaints apart" in cmp.to_markdown()
    assert "\u201cdelayed\u201d (10 of 10, " in cmp.to_markdown()
    for n in (0, 1, 3):
        small = frame({"A": [("complaint", 0, n)], "B": [("complaint", 0, 1)]})
        small[S.CLEAN_TEXT] = ["x"] * len(small)
        assert compare(small, by=S.GROUP, use_spacy=False, n_boot=10).terms is not None


def test_words_lens_keeps_content_words_not_names():
    from insights.compare.terms import content_words

    # spaCy small model: names (JetBlue, JFK) are proper nouns; "lost my bags" -> lemmas "lose bag".
    assert content_words(["JetBlue lost my bags at JFK again"]) == ["lose bag"]


# --- topics fitted on the complaints alone ---------------------------------------------------

def _lumped(n_per_cell: int = 60, seed: int = 0):
    """Groups A and B, every comment in the run's one topic ("Everything"); their complaints are
    about two subjects, A's mostly crashes on login and B's mostly late shipping, with embeddings
    that tell the subjects apart. The run's topics cannot say what A complains about more."""
    rng = np.random.default_rng(seed)
    texts = {"crash": ["the app crashes on login", "app crashed again at login", "login crash every morning"],
             "ship": ["shipping was late again", "late shipping of my parcel", "parcel shipping took weeks"],
             "chat": ["nice photo", "see you there", "what a day"]}
    axis = {"crash": 0, "ship": 1, "chat": 2}
    rows, vectors = [], []
    cells = {("A", "crash"): 3 * n_per_cell, ("A", "ship"): n_per_cell, ("B", "crash"): n_per_cell,
             ("B", "ship"): 3 * n_per_cell, ("A", "chat"): 2 * n_per_cell, ("B", "chat"): 2 * n_per_cell}
    for (group, subject), n in cells.items():
        for j in range(n):
            i = len(rows)
            intent = "other" if subject == "chat" else "complaint"
            text = texts[subject][j % 3]
            rows.append({S.COMMENT_ID: f"c{i}", S.TEXT: text, S.CLEAN_TEXT: text, S.DISPLAY_TEXT: text,
                         S.KEPT: True, S.DROP_REASON: "", S.GROUP: group, S.INTENT: intent, S.INTENTS_ALL: intent,
                         S.INTENT_TEXT: "", S.TOPIC_ID: 0, S.TOPIC_LABEL: "Everything", S.SENTIMENT: 0.0,
                         S.SENTIMENT_LABEL: "neutral"})
            v = rng.normal(0, 0.05, 8)
            v[axis[subject]] += 1.0
            vectors.append(v)
    return pd.DataFrame(rows), np.asarray(vectors, dtype=np.float32)


def _stage():
    from insights.topics import TopicStage

    return TopicStage(word_weight=0)  # no static word model in a unit test


def test_complaints_scope_counts_topics_fitted_on_the_complaints():
    from types import SimpleNamespace

    comments, vectors = _lumped()
    run = SimpleNamespace(comments=comments, topics=None, corpus=SimpleNamespace(embeddings=vectors), info={})
    cmp = compare(run, by=S.GROUP, n_boot=50, topic_stage=_stage())
    complaint = (comments[S.INTENT] == "complaint").to_numpy()
    assert cmp.complaint_topics is not None and len(cmp.complaint_topics) >= 2
    assert (cmp.complaint_topic_ids[~complaint] == S.UNASSIGNED_TOPIC).all()
    assert (cmp.complaint_topic_ids[complaint] >= 0).all()
    among = cmp.topics[cmp.topics["scope"] == "complaints"]
    assert set(among["topic_id"]) <= set(cmp.complaint_topics[S.TOPIC_ID])
    # Each group's first complaint topic is its own subject, found although the run had one topic.
    first = {g: among[among["group"] == g].iloc[0] for g in ("A", "B")}
    assert first["A"]["p_value"] < 0.05 and first["B"]["p_value"] < 0.05
    for group, word in (("A", "crash"), ("B", "shipping")):
        members = comments.loc[cmp.complaint_topic_ids == first[group]["topic_id"], S.TEXT]
        assert members.str.contains(word).mean() > 0.9, (group, first[group]["topic_label"])
    assert cmp.info["complaint_topics"]["rows"] == int(complaint.sum())
    # Every comment's scope=all row still counts the run's topic.
    assert set(cmp.topics.loc[cmp.topics["scope"] == "all", "topic_label"]) == {"Everything"}
    md = cmp.to_markdown()
    assert "found among the 480 complaints alone" in md


def test_complaint_topics_saved_and_quoted(tmp_path):
    comments, vectors = _lumped()
    cmp = compare(comments, by=S.GROUP, n_boot=50, embeddings=vectors, topic_stage=_stage())
    written = cmp.save(tmp_path)
    table = pd.read_csv(written["compare_complaint_topics.csv"])
    assert {"topic_id", "label", "keywords", "size"} <= set(table.columns)
    assert table["size"].sum() == int((comments[S.INTENT] == "complaint").sum())
    # The quote of a group's complaint topic is one of that topic's complaints.
    among = cmp.topics[(cmp.topics["scope"] == "complaints") & (cmp.topics["group"] == "A")].iloc[0]
    quote = cmp.quotes[("complaints", "A", int(among["topic_id"]))]
    members = comments.loc[cmp.complaint_topic_ids == among["topic_id"], S.DISPLAY_TEXT]
    assert quote in set(members)


def test_complaint_topics_not_fitted_when_the_user_named_topics_or_asked_not_to():
    from types import SimpleNamespace

    comments, vectors = _lumped()
    for info, kwargs in (({"topics": {"method": "taxonomy (zero-shot, embedding similarity)"}}, {}),
                         ({"topics": {"seed_matches": {"shipping": 0}}}, {}),
                         ({}, {"complaint_topics": False})):
        run = SimpleNamespace(comments=comments, topics=None, corpus=SimpleNamespace(embeddings=vectors), info=info)
        cmp = compare(run, by=S.GROUP, n_boot=50, topic_stage=_stage(), **kwargs)
        assert cmp.complaint_topics is None and cmp.info["complaint_topics"] is None
        assert set(cmp.topics.loc[cmp.topics["scope"] == "complaints", "topic_label"]) == {"Everything"}
    # A frame without embeddings and embed=False: the run's topics, nothing embedded.
    assert compare(comments, by=S.GROUP, n_boot=50, embed=False).complaint_topics is None


def test_fit_complaint_topics_needs_enough_complaints_and_matching_embeddings():
    from insights.compare.complaint_topics import fit_complaint_topics, stage_like

    comments, vectors = _lumped(n_per_cell=10)  # 80 complaints
    complaint = (comments[S.INTENT] == "complaint").to_numpy()
    assert fit_complaint_topics(comments, complaint, vectors, _stage()) is None
    comments, vectors = _lumped()
    complaint = (comments[S.INTENT] == "complaint").to_numpy()
    # One row per kept complaint is accepted too; other shapes are refused with both counts.
    per_complaint = fit_complaint_topics(comments, complaint, vectors[complaint], _stage())
    per_comment = fit_complaint_topics(comments, complaint, vectors, _stage())
    assert np.array_equal(per_complaint.ids, per_comment.ids)
    with pytest.raises(ValueError, match="one per comment"):
        fit_complaint_topics(comments, complaint, vectors[:10], _stage())
    assert stage_like({"topics": {"word_weight": 0.0, "random_state": 3}}).random_state == 3


def test_over_represented_complaint_topics_say_what_is_said_most():
    # Group A's complaints in topic 0 are mostly "website down" (grouped as complaint group 7).
    comments = frame({"A": [("complaint", 0, 12), ("complaint", 2, 3), ("other", 1, 8)],
                      "B": [("complaint", 0, 3), ("complaint", 2, 12), ("other", 1, 17)]})
    comments[S.COMPLAINT_GROUP] = -1
    comments[S.INTENT_TEXT] = ""
    a0 = (comments[S.GROUP] == "A") & (comments[S.INTENT] == "complaint") & (comments[S.TOPIC_ID] == 0)
    rows = comments.index[a0]
    comments.loc[rows[:7], [S.COMPLAINT_GROUP, S.INTENT_TEXT]] = [7, "website down"]
    comments.loc[rows[7:10], [S.COMPLAINT_GROUP, S.INTENT_TEXT]] = [8, "cannot check in"]
    comments.loc[rows[10:11], [S.COMPLAINT_GROUP, S.INTENT_TEXT]] = [9, "rude agent"]  # one comment: not listed
    cmp = compare(comments, by=S.GROUP, n_boot=50, embed=False)
    assert cmp.specifics[("complaints", "A", 0)] == [("website down", 7), ("cannot check in", 3)]
    row = cmp.topics[(cmp.topics["scope"] == "complaints") & (cmp.topics["group"] == "A")].iloc[0]
    assert row["top_complaints"] == "website down (7); cannot check in (3)"
    assert "Said most: “website down” 7, “cannot check in” 3" in cmp.to_markdown()
    assert "Said most: “website down” 7" in cmp.to_html()


def test_said_most_merges_one_phrase_and_leaves_out_rare_ones_and_the_group_name():
    from insights.compare.specifics import cell_specifics

    c = pd.DataFrame({S.COMPLAINT_GROUP: [0] * 6 + [1] * 3 + [2] * 5 + [3] * 1 + [4] * 6,
                      S.INTENT_TEXT: ["delayed"] * 9 + ["united"] * 5 + ["rude"] + ["lost bag"] * 6, S.KEPT: True})
    t = pd.DataFrame({"group": ["United"], "topic_id": [0], "lift": [1.5], "scope": ["complaints"],
                      "topic_label": ["Trip"]})
    got = cell_specifics(c, np.array(["United"] * len(c)), t, np.zeros(len(c), int), np.ones(len(c), bool))
    # two groups both phrased "delayed" count as one; "united" is the group; "rude" is 1 of 21
    assert got == {("complaints", "United", 0): [("delayed", 9), ("lost bag", 6)]}
    # A phrase that only repeats the topic's label adds nothing.
    got = cell_specifics(c, np.array(["United"] * len(c)), t.assign(topic_label="Lost bags"), np.zeros(len(c), int),
                         np.ones(len(c), bool))
    assert got == {("complaints", "United", 0): [("delayed", 9)]}


def test_before_after_fits_complaint_topics_on_the_runs_own_embeddings(monkeypatch):
    from types import SimpleNamespace

    import insights.embed

    def no_embedding(*args, **kwargs):
        raise AssertionError("the runs' embeddings should have been used")

    monkeypatch.setattr(insights.embed, "embed_texts", no_embedding)
    comments, vectors = _lumped()
    runs = []
    for group in ("A", "B"):
        rows = (comments[S.GROUP] == group).to_numpy()
        runs.append(SimpleNamespace(comments=comments[rows].reset_index(drop=True), topics=None,
                                    corpus=SimpleNamespace(embeddings=vectors[rows]), info={}))
    cmp = compare_inputs(*runs, n_boot=20, topic_stage=_stage())
    assert cmp.complaint_topics is not None
    assert cmp.info["complaint_topics"]["rows"] == int((comments[S.INTENT] == "complaint").sum())
