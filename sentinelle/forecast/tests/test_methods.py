"""The forecasting methods on series whose answer is known (no database)."""

from __future__ import annotations

import random

import pytest

from sentinelle.forecast import methods, quarters


def seasonal_with_trend(n: int = 40, seed: int = 7) -> list[float]:
    """A strong second-quarter peak (summer), a steady rise and a little noise."""
    rng = random.Random(seed)
    return [100 + 3 * t + (60 if t % 4 == 1 else 0) + rng.gauss(0, 3) for t in range(n)]


def test_the_model_beats_seasonal_naive_on_a_seasonal_series_with_a_trend_and_is_chosen() -> None:
    outcome = methods.choose(seasonal_with_trend())
    assert outcome is not None
    assert outcome.method == "holt_winters"
    assert outcome.reason == "model_better"
    assert outcome.model_mase is not None and outcome.baseline_mase is not None
    # Seasonal naive misses one year of trend (12) every time: its MASE is near 1;
    # the model follows the trend.
    assert outcome.model_mase < 0.5 < outcome.baseline_mase
    # The next quarters: t = 40 (a Q1) and t = 41 (the Q2 peak), about 220 and 283.
    assert outcome.forecast[0] == pytest.approx(220, abs=15)
    assert outcome.forecast[1] == pytest.approx(283, abs=15)
    assert outcome.forecast[1] - outcome.forecast[0] > 40
    for value, low, high in zip(outcome.forecast, outcome.lower, outcome.upper, strict=True):
        assert low is not None and high is not None and low <= value <= high


def test_where_the_same_quarter_a_year_earlier_is_exact_the_baseline_is_kept() -> None:
    """A fixed seasonal pattern with a one-off change of level before the backtest
    window: from then on the seasonal-naive forecast is exact (MASE 0), and the
    model, which has to learn the new level, cannot beat it."""
    pattern = [80, 150, 110, 90]
    series = [pattern[t % 4] + (50 if t >= 10 else 0) for t in range(40)]
    outcome = methods.choose(series)
    assert outcome is not None
    assert outcome.baseline_mase == 0
    assert outcome.model_mase is not None and outcome.model_mase > 0
    assert outcome.method == "seasonal_naive"
    assert outcome.reason == "baseline_better"
    assert outcome.forecast == [pattern[0] + 50, pattern[1] + 50]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_on_white_noise_it_falls_back_to_the_baseline(seed: int) -> None:
    """On white noise the smoothing model settles near the mean and scores a lower
    MASE than seasonal naive (which compares two random quarters), but there is no
    pattern to model: the Ljung-Box test finds none, and the baseline is published."""
    rng = random.Random(seed)
    series = [200 + rng.gauss(0, 20) for _ in range(40)]
    outcome = methods.choose(series)
    assert outcome is not None
    assert methods.pattern_p_value(series) >= methods.ALPHA
    assert outcome.method == "seasonal_naive"
    assert outcome.reason in {"no_pattern", "baseline_better"}
    assert outcome.forecast == [series[36], series[37]]


def test_a_seasonal_series_shows_a_pattern_and_noise_does_not() -> None:
    assert methods.pattern_p_value(seasonal_with_trend()) < 0.001
    rng = random.Random(11)
    rejections = sum(methods.pattern_p_value([rng.gauss(0, 1) for _ in range(40)]) < methods.ALPHA
                     for _ in range(400))
    # About 5 % of pure-noise series are taken for a pattern (400 draws: 20 ± 9).
    assert 5 <= rejections <= 40


def test_mase_of_seasonal_naive_on_a_small_hand_series() -> None:
    """17 quarters: the backtest covers quarters 9 to 16 (0-based); the scale is
    the mean |y[t] − y[t−4]| over quarters 0 to 8."""
    y = [10, 20, 30, 40, 12, 22, 28, 44, 15, 21, 33, 41, 14, 25, 30, 46, 13]
    # Scale: t = 4..8: |12-10|, |22-20|, |28-30|, |44-40|, |15-12| = 2, 2, 2, 4, 3 → 13 / 5.
    scale = 13 / 5
    # One or two steps ahead alike, the seasonal-naive forecast of quarter t is y[t-4].
    errors_one = [abs(y[t] - y[t - 4]) for t in range(9, 17)]
    errors_two = [abs(y[t] - y[t - 4]) for t in range(9, 17)]
    assert errors_one == [1, 5, 3, 1, 4, 3, 5, 1]
    expected = (sum(errors_one) + sum(errors_two)) / 16 / scale
    test = methods.backtest(y, methods.seasonal_naive)
    assert len(test.errors[1]) == len(test.errors[2]) == 8
    assert methods.scale(y[:9]) == pytest.approx(scale)
    assert test.mae() / methods.scale(y[:9]) == pytest.approx(expected)
    assert expected == pytest.approx(23 / 8 / 2.6)
    # With 17 quarters the model cannot be tested (it needs 12 before the first origin).
    outcome = methods.choose(y)
    assert outcome is not None
    assert outcome.method == "seasonal_naive" and outcome.reason == "short_history"
    assert outcome.baseline_mase == pytest.approx(expected)
    assert outcome.model_mase is None


def test_mase_of_a_given_forecaster_matches_a_computation_by_hand() -> None:
    """The backtest of a trivial forecaster (the last value, twice) checked origin by origin."""
    y = [5.0, 7.0, 9.0, 6.0, 8.0, 10.0, 12.0, 9.0, 11.0, 13.0, 15.0, 12.0, 14.0]

    def last_value(history: list[float], steps: int) -> list[float]:
        return [history[-1]] * steps

    test = methods.backtest(y, last_value)  # type: ignore[arg-type]
    n = len(y)
    one = [y[t] - y[t - 1] for t in range(n - 8, n)]
    two = [y[t] - y[t - 2] for t in range(n - 8, n)]
    assert test.errors[1] == one
    assert test.errors[2] == two
    assert test.mae() == pytest.approx((sum(map(abs, one)) + sum(map(abs, two))) / 16)


def test_a_history_shorter_than_a_year_gives_no_forecast() -> None:
    assert methods.choose([3, 4, 5]) is None


def test_a_flat_history_falls_back_to_the_baseline_without_a_mase() -> None:
    outcome = methods.choose([7.0] * 30)
    assert outcome is not None
    assert outcome.method == "seasonal_naive" and outcome.reason == "no_variation"
    assert outcome.forecast == [7.0, 7.0]


def test_fiscal_quarters() -> None:
    import datetime

    assert quarters.of_date(datetime.date(2025, 4, 1)) == quarters.index_of(2025, 1)
    assert quarters.of_date(datetime.date(2025, 9, 30)) == quarters.index_of(2025, 2)
    assert quarters.of_date(datetime.date(2026, 3, 31)) == quarters.index_of(2025, 4)
    assert quarters.of_calendar_quarter(2026, 1) == quarters.index_of(2025, 4)
    assert quarters.of_calendar_quarter(2025, 4) == quarters.index_of(2025, 3)
    assert quarters.first_day(quarters.index_of(2025, 4)) == datetime.date(2026, 1, 1)
    assert quarters.last_complete(datetime.date(2026, 5, 2)) == quarters.index_of(2025, 4)
    assert quarters.label(quarters.index_of(2025, 4)) == "2025-26 Q4"
