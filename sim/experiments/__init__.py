"""Experiments on the model: forecasts, comparisons, sweeps, calibration, the effect ledger, validation."""
