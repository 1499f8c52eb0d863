// The package's one public door: everything importers use comes from here.

export * from "./types";
export * from "./errors";
export { parseUsageHeaders, usageAdvice, type Usage, type AppUsage, type BusinessUseCaseUsage, type HeaderBag } from "./graph/usage";
export { verifyHandshake, verifySignature, signBody } from "./webhooks/signature";
export { normalizeWhatsAppWebhook } from "./whatsapp/webhook";
export { normalizeInstagramWebhook } from "./instagram/webhook";
export { WhatsAppConnector } from "./whatsapp/connector";
export { whatsappCapabilities } from "./whatsapp/capabilities";
export type { WhatsAppTemplate } from "./whatsapp/templates";
export { InstagramConnector } from "./instagram/connector";
export { instagramCapabilities } from "./instagram/capabilities";
export type { InstagramMe, InstagramLongLivedToken } from "./instagram/login";
export type { PublishedMedia, AccountMedia } from "./instagram/published-media";
export type { CommentListPage, CommentWithReplies } from "./instagram/comments";
export { PROFILE_FIELDS, PROFILE_PICTURE_MAX_BYTES } from "./instagram/profiles";
export { createConnectors, type Connectors } from "./registry";
