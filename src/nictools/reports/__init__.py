"""Reports as plain data: what `status`, `log`, `diff` and `compare` show, before any formatting."""
