-- Delivery attempts are pruned by age (DeliveryConfig.attemptRetentionMs).
CREATE INDEX delivery_attempts_at ON delivery_attempts (at);
