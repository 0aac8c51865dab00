-- Request counts per rate-limit window, shared by the nodes of one PostgreSQL database. A SQLite
-- server is one node and counts in memory; the table exists here so both schemas stay twins.
CREATE TABLE rate_windows (
  bucket TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_windows_expiry ON rate_windows(expires_at);
