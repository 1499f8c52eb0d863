-- Notifications about the workspace itself: `credits_low` (@sillage/notifications), whose object is the workspace
-- (its credits balance against its plan's monthly grant, read through @sillage/billing).
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('publication_failed', 'quota_waiting', 'channel_reconnect', 'token_expiring', 'escalation_waiting', 'credits_low'));
ALTER TABLE notifications DROP CONSTRAINT notifications_object_type_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_object_type_check
  CHECK (object_type IN ('post', 'publication', 'channel', 'conversation', 'comment', 'workspace'));
