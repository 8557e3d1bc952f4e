"""The two forecasting methods and their backtest (pure: lists of numbers in, no database).

- Seasonal naive (the baseline): each quarter is forecast by the same quarter a
  year earlier.
- Holt-Winters (statsmodels exponential smoothing): additive damped trend and
  additive quarterly seasonality, start values from the first two years
  (heuristic) and smoothing parameters fitted by least squares (SLSQP).

Backtest: rolling origin over the last 8 quarters. From each origin the method is
fitted on the quarters before it and forecasts one and two quarters ahead; every
forecast that falls in the last 8 quarters counts (8 one-step and 8 two-step
forecasts). MASE is the mean absolute error of those forecasts divided by the
in-sample error of the seasonal-naive forecast (mean |y[t] − y[t−4]|) over the
quarters before the backtest window. The model is published only where its MASE
is below the baseline's and the history shows a pattern to model: the Ljung-Box
test (autocorrelation at lags 1 to 4, one year of quarters) must reject "random
variation" at 5 %. On a history that is only noise the smoothing model can still
score a lower MASE (it settles near the mean while seasonal naive compares two
random quarters), but its forecast would be no more than that noise's mean: the
simpler, published baseline is kept."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

SEASON = 4
HORIZON = 2
BACKTEST = 8
# The fewest quarters Holt-Winters is fitted on (three full years: its heuristic
# start values need two).
MIN_FIT = 3 * SEASON
# The significance level of the Ljung-Box test for a pattern in the history.
ALPHA = 0.05
# z for an 80 % interval, from the backtest errors at each horizon.
Z80 = 1.2816

Forecaster = Callable[[Sequence[float], int], list[float]]


def seasonal_naive(history: Sequence[float], steps: int) -> list[float]:
    n = len(history)
    if n < SEASON:
        raise ValueError("seasonal naive needs one full year of history")
    return [float(history[n - SEASON + (k % SEASON)]) for k in range(steps)]


def holt_winters(history: Sequence[float], steps: int) -> list[float]:
    import numpy as np
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    if len(history) < MIN_FIT:
        raise ValueError("Holt-Winters needs three full years of history")
    data = np.asarray(history, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ExponentialSmoothing(
            data, trend="add", damped_trend=True, seasonal="add", seasonal_periods=SEASON,
            initialization_method="heuristic",
        )
        fitted = model.fit(optimized=True, use_brute=False, method="SLSQP")
        forecast = fitted.forecast(steps)
    values = [float(v) for v in forecast]
    if not all(math.isfinite(v) for v in values):
        raise ValueError("Holt-Winters gave no finite forecast")
    return values


def pattern_p_value(history: Sequence[float]) -> float:
    """The Ljung-Box p-value of "no autocorrelation at lags 1 to 4"."""
    import numpy as np
    from statsmodels.stats.diagnostic import acorr_ljungbox

    result = acorr_ljungbox(np.asarray(history, dtype=float), lags=[SEASON], return_df=True)
    p_value = float(result["lb_pvalue"].iloc[0])
    return p_value if math.isfinite(p_value) else 1.0


def scale(history: Sequence[float]) -> float:
    """The in-sample mean absolute error of the seasonal-naive forecast."""
    diffs = [abs(history[t] - history[t - SEASON]) for t in range(SEASON, len(history))]
    return sum(diffs) / len(diffs) if diffs else 0.0


@dataclass
class Backtest:
    errors: dict[int, list[float]] = field(default_factory=lambda: {1: [], 2: []})  # signed, by horizon

    def mae(self) -> float:
        every = [abs(e) for errors in self.errors.values() for e in errors]
        return sum(every) / len(every)

    def rmse(self, step: int) -> float:
        errors = self.errors[step]
        return math.sqrt(sum(e * e for e in errors) / len(errors)) if errors else 0.0


def backtest(history: Sequence[float], method: Forecaster) -> Backtest:
    """Rolling-origin forecasts of the last BACKTEST quarters, one and two steps ahead."""
    n = len(history)
    result = Backtest()
    for origin in range(n - BACKTEST - 1, n):
        fc = method(history[:origin], HORIZON)
        for k in range(HORIZON):
            target = origin + k
            if n - BACKTEST <= target < n:
                result.errors[k + 1].append(history[target] - fc[k])
    return result


def can_backtest(history: Sequence[float], method: Forecaster) -> bool:
    first_origin = len(history) - BACKTEST - 1
    needed = MIN_FIT if method is holt_winters else SEASON
    return first_origin >= needed


@dataclass
class Outcome:
    method: str  # "holt_winters" or "seasonal_naive"
    reason: str  # a forecast.models.Reason value
    forecast: list[float]
    lower: list[float | None]
    upper: list[float | None]
    model_mase: float | None
    baseline_mase: float | None


def _interval(values: list[float], test: Backtest | None) -> tuple[list[float | None], list[float | None]]:
    if test is None:
        return [None] * len(values), [None] * len(values)
    lower: list[float | None] = []
    upper: list[float | None] = []
    for k, v in enumerate(values, start=1):
        spread = Z80 * test.rmse(k)
        lower.append(max(0.0, v - spread))
        upper.append(v + spread)
    return lower, upper


def choose(history: Sequence[float]) -> Outcome | None:
    """Backtest both methods and forecast the next HORIZON quarters with the
    better one (the model only if it beats the baseline). None when the history
    is shorter than a year: nothing can be forecast."""
    import numpy as np

    history = [float(v) for v in history]
    if len(history) < SEASON:
        return None
    baseline_forecast = [max(0.0, v) for v in seasonal_naive(history, HORIZON)]
    if not can_backtest(history, seasonal_naive):
        lo, up = _interval(baseline_forecast, None)
        return Outcome("seasonal_naive", "short_history", baseline_forecast, lo, up, None, None)
    denominator = scale(history[: len(history) - BACKTEST])
    baseline_test = backtest(history, seasonal_naive)
    if denominator == 0:
        lo, up = _interval(baseline_forecast, baseline_test)
        return Outcome("seasonal_naive", "no_variation", baseline_forecast, lo, up, None, None)
    baseline_mase = baseline_test.mae() / denominator
    if not can_backtest(history, holt_winters):
        lo, up = _interval(baseline_forecast, baseline_test)
        return Outcome("seasonal_naive", "short_history", baseline_forecast, lo, up, None, baseline_mase)
    try:
        model_test = backtest(history, holt_winters)
        model_mase = model_test.mae() / denominator
        model_forecast = [max(0.0, v) for v in holt_winters(history, HORIZON)]
    except (ValueError, ArithmeticError, np.linalg.LinAlgError):
        lo, up = _interval(baseline_forecast, baseline_test)
        return Outcome("seasonal_naive", "model_failed", baseline_forecast, lo, up, None, baseline_mase)
    if model_mase < baseline_mase and pattern_p_value(history) >= ALPHA:
        lo, up = _interval(baseline_forecast, baseline_test)
        return Outcome("seasonal_naive", "no_pattern", baseline_forecast, lo, up, model_mase, baseline_mase)
    if model_mase < baseline_mase:
        lo, up = _interval(model_forecast, model_test)
        return Outcome("holt_winters", "model_better", model_forecast, lo, up, model_mase, baseline_mase)
    lo, up = _interval(baseline_forecast, baseline_test)
    return Outcome("seasonal_naive", "baseline_better", baseline_forecast, lo, up, model_mase, baseline_mase)

