"""What a feed cell may hold, from a file or the API: pure rules, no database. The CSV
import validates with the same parse_row, so these protect both routes in."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.referrals.feed_helpers import BASE_ROW
from victimcare.referrals.cells import cell_text, readable, text_problem
from victimcare.referrals.feed import parse_row
from victimcare.referrals.feed_values import RowInvalid

NOW = datetime.datetime(2026, 3, 16, 12, 0, tzinfo=datetime.UTC)
# Any code point, with lone surrogates, NUL and other controls drawn often (hypothesis
# draws surrogates only rarely by itself).
ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec=None, categories=None), st.sampled_from("\udc00\ud800\x00\x07\t\n")
    )
)


def errors_of(**overrides: object) -> list[tuple[str, str]]:
    with pytest.raises(RowInvalid) as raised:
        parse_row({**BASE_ROW, **overrides}, now=NOW)
    return [(error.column, error.reason) for error in raised.value.errors]


def test_a_report_a_little_ahead_of_the_clock_is_the_senders_clock() -> None:
    assert parse_row({**BASE_ROW, "reported_at": "2026-03-16T12:50Z"}, now=NOW)


def test_a_report_in_the_future_beyond_the_allowance_is_refused() -> None:
    assert errors_of(reported_at="2026-03-16T13:30Z") == [
        ("reported_at", "'2026-03-16T13:30Z' is in the future")
    ]


def test_a_refused_cell_is_reported_once_not_again_as_missing() -> None:
    # given_name is required for a person: a refused one is not also "required".
    assert errors_of(given_name="Amelia\x00") == [("given_name", "contains a NUL character")]
    assert errors_of(source="\udc00") == [
        (
            "source",
            "contains a broken character (half of an emoji, or a character saved in another encoding): retype the value",
        )
    ]


@pytest.mark.parametrize("invisible", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u202e"])
def test_a_reference_holding_an_invisible_character_is_refused(invisible) -> None:
    """V1 and V1 with a zero-width space look the same and would be two referrals."""
    code = f"U+{ord(invisible):04X}"
    assert errors_of(victim_reference=f"V1{invisible}") == [
        (
            "victim_reference",
            f"contains an invisible character ({code}): retype the reference without it",
        )
    ]
    assert errors_of(crime_reference=f"CR/{invisible}1")[0][0] == "crime_reference"
    # A name may hold a joiner: some scripts are written with them.
    assert parse_row({**BASE_ROW, "given_name": "\u0928\u094d\u200d\u0928"}, now=NOW)


def test_too_many_unknown_columns_reject_the_row() -> None:
    extra = {f"column_{n}": "x" for n in range(51)}
    assert errors_of(**extra) == [("(row)", "has more than 50 columns the feed does not define")]


def test_tab_and_line_breaks_are_kept_in_free_text() -> None:
    record = parse_row({**BASE_ROW, "contact_notes": "after 6pm\r\n\tno voicemail"}, now=NOW)
    assert record.text["contact_notes"] == "after 6pm\r\n\tno voicemail"


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_any_text_is_feed_text_or_refused_with_a_reason_and_echoed_safely(text: str) -> None:
    """Any string at all, lone surrogates included: cell_text keeps it or says why not, and
    the echo of it always encodes as UTF-8 without a control character."""
    problem = text_problem(text)
    if problem is None:
        assert cell_text(text) == text
        text.encode("utf-8")
    else:
        with pytest.raises(ValueError, match="contains"):
            cell_text(text)
    echoed = readable(text)
    echoed.encode("utf-8")
    assert text_problem(echoed) is None


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(sorted(BASE_ROW)),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(),
            st.text(),
            ANY_TEXT,
            st.lists(st.integers(), max_size=2),
        ),
    )
)
def test_a_row_holding_anything_parses_or_is_refused_with_named_columns(overrides: dict) -> None:
    try:
        record = parse_row({**BASE_ROW, **overrides}, now=NOW)
    except RowInvalid as invalid:
        assert invalid.errors
        for error in invalid.errors:
            assert error.column and error.reason
            assert text_problem(readable(error.reason)) is None
    else:
        for value in (*record.text.values(), record.source, record.crime_reference):
            assert text_problem(value) is None
