"""Data in and out: scenario and school-table files, county layouts, synthetic data, run folders, input errors."""
