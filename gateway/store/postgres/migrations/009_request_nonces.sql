-- Request signing: nonces of signed requests, shared by every gateway process, so that a request
-- replayed to another process is refused too. A row lives until its signature could no longer be
-- accepted (creation + the signature window); expired rows are purged and may be reused.
CREATE TABLE request_nonces (
  system_id     text NOT NULL,
  nonce         text NOT NULL,
  expires_at_ms bigint NOT NULL,
  PRIMARY KEY (system_id, nonce)
);
CREATE INDEX request_nonces_expiry ON request_nonces (expires_at_ms);
