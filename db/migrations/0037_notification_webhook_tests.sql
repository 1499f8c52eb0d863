-- Outgoing webhooks' UI (issue 20): a test event goes through the same delivery path and log as a notification,
-- so a delivery no longer always belongs to a notification; `event` says which it is.
ALTER TABLE notification_webhook_deliveries ALTER COLUMN notification_id DROP NOT NULL;
ALTER TABLE notification_webhook_deliveries ADD COLUMN event text NOT NULL DEFAULT 'notification' CHECK (event IN ('notification', 'test'));
ALTER TABLE notification_webhook_deliveries ADD CONSTRAINT notification_webhook_deliveries_event_object
  CHECK ((event = 'notification') = (notification_id IS NOT NULL));

-- `last_error` becomes a code the SPA words in the reader's language (http_status, timeout, connection_refused,
-- network, tls, webhook_url_private…): the free English texts written so far are mapped once.
UPDATE notification_webhook_deliveries
   SET last_error = CASE WHEN last_error LIKE 'HTTP %' THEN 'http_status' ELSE 'network' END
 WHERE last_error IS NOT NULL;

-- The list shows each webhook's latest delivery.
CREATE INDEX notification_webhook_deliveries_webhook_idx ON notification_webhook_deliveries (webhook_id, created_at DESC);

-- When the signing secret was last replaced (rotateSecret), shown beside the webhook.
ALTER TABLE notification_webhooks ADD COLUMN secret_rotated_at timestamptz;
