export { startFakeGraph, type FakeGraph, type StartFakeGraphOptions } from "./server.js";
export { createFakeGraphApp } from "./app.js";
export { createFakeGraphState } from "./create-state.js";
export { createControl, ControlError, CONTROL_METHODS, type FakeGraphControl } from "./control.js";
export { FakeGraphClient, type FakeGraphControlAsync } from "./client.js";
export { signWebhookBody, signWebhookBodySha1 } from "./webhooks/sign.js";
export { serializeLikeMeta, type SerializeOptions } from "./webhooks/serialize.js";
export {
  DEFAULT_INSTAGRAM_APP_SECRET,
  DEFAULT_META_APP_SECRET,
  type Delivery,
  type WebhookConfig,
  type WebhookConfigInput,
} from "./webhooks/emitter.js";
export type { FaultInput, FaultKind } from "./faults.js";
export { DEMO_CUSTOMERS, demoNameFor, type DemoCustomer } from "./demo-customers.js";
export { avatarJpeg } from "./avatar.js";
export type { FakeGraphState, SentMessage, Template } from "./state.js";
export type { TemplateInput } from "./whatsapp/templates.js";
