-- Twin of ../../migrations/0003_rate_windows.sql: request counts per rate-limit window, shared by every
-- node. UNLOGGED (a crash may reset the current windows, which only forgives some requests) and without
-- a change trigger: counting a request must not wake every node's change feed.
CREATE UNLOGGED TABLE rate_windows (
  bucket TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  count INTEGER NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_windows_expiry ON rate_windows(expires_at);
