export * from "./types";
export * from "./errors";
export { parseUsageHeaders, usageAdvice, type Usage, type AppUsage, type BusinessUseCaseUsage, type HeaderBag } from "./graph/usage";
export { verifyHandshake, verifySignature, signBody } from "./webhooks/signature";
export { normalizeWhatsAppWebhook } from "./whatsapp/webhook";
export { normalizeInstagramWebhook } from "./instagram/webhook";
export { WhatsAppConnector, whatsappCapabilities, type WhatsAppTemplate } from "./whatsapp/connector";
export { InstagramConnector, instagramCapabilities, type InstagramMe, type InstagramLongLivedToken, type PublishedMedia } from "./instagram/connector";
export { createConnectors, type Connectors } from "./registry";
