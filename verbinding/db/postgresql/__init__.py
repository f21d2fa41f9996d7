"""PostgreSQL with server-side parameters and prepared statements (``base.DatabaseWrapper``)."""
