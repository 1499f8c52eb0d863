-- Whether Meta sends this channel's webhooks to the app: connecting (or reconnecting) a channel queues
-- `channels.subscribe_webhooks` (POST subscribed_apps on the account, Page or WABA), and the daily check reads the
-- subscription back (GET subscribed_apps). webhook_subscribed_at: when Meta last confirmed it (NULL: pending);
-- webhook_error: Meta's refusal that no retry can fix (a missing permission), shown on the channel's card.
ALTER TABLE channels ADD COLUMN webhook_subscribed_at timestamptz;
ALTER TABLE channels ADD COLUMN webhook_error text;
ALTER TABLE channels ADD COLUMN webhook_error_at timestamptz;
-- Channels connected before this migration were never subscribed by Sillage: pending, and the daily check asks.
