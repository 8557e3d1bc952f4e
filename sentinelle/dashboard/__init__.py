"""The national dashboard, its exports, the quarterly report and the public statistics page."""
