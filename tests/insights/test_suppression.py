"""Small-number suppression in the commissioner's tables: counts from 1 to 4 hidden, and any
percentage or rate worked out from a hidden count hidden too; population shares shown."""

from victimcare.core.suppression import SUPPRESSED
from victimcare.insights.selectors import WITHHELD, Table


def reach_table(rows: list[list[object]]) -> Table:
    return Table(
        "reach_sex",
        "Reach by sex",
        [
            "Sex",
            "Referred",
            "Supported",
            "Take-up (%)",
            "Share of referrals (%)",
            "Share of population (%)",
            "Reach",
        ],
        rows,
        derived={"Take-up (%)": ("Referred", "Supported"), "Share of referrals (%)": ("Referred",)},
        as_is=frozenset({"Share of population (%)", "Reach"}),
    )


def test_a_small_count_is_hidden_and_so_is_every_share_worked_out_from_it() -> None:
    table = reach_table([["Male", 3, 2, 67, 4, 49, "Under-reached"]]).suppressed()
    assert table.rows == [["Male", SUPPRESSED, SUPPRESSED, WITHHELD, WITHHELD, 49, "Under-reached"]]


def test_a_percentage_under_5_is_a_percentage_not_a_small_count() -> None:
    # 2% take-up of 100 referrals: neither count is small, so nothing is hidden.
    table = reach_table([["Female", 100, 80, 2, 3, 4, "Reached"]]).suppressed()
    assert table.rows == [["Female", 100, 80, 2, 3, 4, "Reached"]]


def test_take_up_is_hidden_when_only_the_supported_count_is_small() -> None:
    table = reach_table([["Female", 40, 3, 8, 50, 51, "Reached"]]).suppressed()
    # The take-up would give the hidden count away (3 of 40); the share of referrals would not.
    assert table.rows == [["Female", 40, SUPPRESSED, WITHHELD, 50, 51, "Reached"]]


def test_population_shares_are_shown_even_when_every_count_is_hidden() -> None:
    table = reach_table([["Male", 1, 1, 100, 2, 3, "Under-reached"]]).suppressed()
    assert table.rows[0][5] == 3


def test_zero_is_not_hidden_and_an_empty_share_stays_empty() -> None:
    table = reach_table([["Male", 0, 0, "", 0, 49, "Under-reached"]]).suppressed()
    assert table.rows == [["Male", 0, 0, "", 0, 49, "Under-reached"]]


def test_an_undeclared_percentage_is_hidden_when_any_count_in_its_row_is() -> None:
    table = Table("t", "T", ["Group", "Answers", "Happy", "Happy (%)"], [["All", 20, 2, 10]])
    assert table.suppressed().rows == [["All", 20, SUPPRESSED, WITHHELD]]


def test_a_rate_per_thousand_people_follows_its_count() -> None:
    table = Table(
        "district",
        "By district",
        ["District", "Referred", "Referred per 1,000 people"],
        [["BS1", 4, 0.2], ["BS2", 30, 1.5]],
        derived={"Referred per 1,000 people": ("Referred",)},
    )
    assert table.suppressed().rows == [["BS1", SUPPRESSED, WITHHELD], ["BS2", 30, 1.5]]


def test_a_total_cannot_give_a_single_hidden_count_away() -> None:
    table = Table(
        "by_crime_group",
        "By crime group",
        ["Crime group", "Referred", "Supported"],
        [
            ["Domestic abuse", 57, 4],
            ["Sexual violence", 17, 0],
            ["Other", 406, 44],
            ["Total", 480, 48],
        ],
        total="Total",
    ).suppressed()
    # 48 - 0 - 44 would be the hidden 4; so the next smallest count is hidden as well.
    assert [row[2] for row in table.rows] == [SUPPRESSED, 0, WITHHELD, 48]
    assert [row[1] for row in table.rows] == [57, 17, 406, 480]  # nothing hidden: all shown


def test_two_hidden_counts_in_a_column_need_nothing_more_hidden() -> None:
    table = Table(
        "by_sex",
        "By sex",
        ["Sex", "Referred"],
        [["Female", 3], ["Male", 2], ["Not known", 30], ["Total", 35]],
        total="Total",
    ).suppressed()
    assert [row[1] for row in table.rows] == [SUPPRESSED, SUPPRESSED, 30, 35]
