"""Forecasts of intake and completions, with their backtest against the seasonal-naive baseline."""
