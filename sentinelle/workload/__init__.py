"""The risk-based work queue, sector risk weights and investigators' capacity."""
