-- Receipt-signing public keys of every gateway process sharing this schema (JWKs by RFC 7638
-- thumbprint), so that GET /v1/keys at any process lists the key of whichever process signed.
CREATE TABLE ingest_signing_keys (
  kid          text PRIMARY KEY,
  jwk          json NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now()
);
