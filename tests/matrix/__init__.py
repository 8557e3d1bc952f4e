"""The role × region × object × endpoint access matrix (tests/test_access_matrix.py)."""
