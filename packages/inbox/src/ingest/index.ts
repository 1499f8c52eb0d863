// Webhook ingestion: a stored delivery → connector.normalizeWebhook → every event applied, idempotently.
// Store-first: the HTTP route only calls the delivery writer (`delivery-writer.ts`: one statement, the row and its
// processing job), so a 200 always means "kept"; everything else happens in a job (`process-delivery.ts`) and may run
// again safely, one applier per kind of event (`appliers/`):
//   messages   INSERT … ON CONFLICT (channel_id, platform_message_id) DO NOTHING (redeliveries are one row)
//   statuses   UPDATE … WHERE status_rank < new rank (out-of-order statuses never move backwards)
//   reactions  one row per (conversation, target, person), latest by platform time wins
//   unknown    kept in unknown_events with the reason, never dropped
// Every string of an event is cleaned first (no NUL, no lone surrogate: what PostgreSQL refuses), and each event runs
// in its own savepoint: one that fails is kept in webhook_failures and retried alone, never holding back the others.
export * from "./delivery-writer";
export { processDelivery, retryWebhookEvent, type IngestResult } from "./process-delivery";
