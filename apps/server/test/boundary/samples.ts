import { randomUUID } from "node:crypto";
import { ApiSession, ok } from "../harness";
import type { World } from "../isolation/context";

/**
 * One valid input per procedure (several where the input has distinct shapes), in the seeded isolation world,
 * acting as B's owner: the malformed-input battery (boundary.test.ts) derives its bad inputs from these, so each
 * bad value sits inside an otherwise valid input and travels as deep as a real one would (to PostgreSQL, to the
 * platform). Destructive procedures name a random id, so the battery cannot remove what later procedures need.
 */
export interface Sample {
  input: unknown;
  /** What the unchanged sample answers: "ok" (default) or a tRPC error code. */
  expect?: string;
  /** Who calls: B's owner (default), a visitor without a session, or a throwaway session (logout). */
  as?: "owner" | "visitor" | "throwaway";
}

export interface SampleContext extends World {
  mediaKey: string;
  waAccount: { phoneNumberId: string; wabaId: string; token: string };
  igToken: string;
}

export async function sampleContext(w: World): Promise<SampleContext> {
  const media = ok<{ key: string }>(await w.b.query("media.get", { id: w.bIds.mediaId }));
  const wa = w.server.fake.control.createWhatsAppAccount({ templates: [{ name: "promo", bodyText: "Hello {{1}}" }] });
  const ig = w.server.fake.control.createInstagramAccount({ variant: "instagram" });
  return { ...w, mediaKey: media.key, waAccount: wa, igToken: ig.token };
}

/** The session a sample is sent as. */
export async function sampleCaller(c: SampleContext, who: Sample["as"]): Promise<ApiSession> {
  if (who === "visitor") return new ApiSession(c.server.url);
  if (who === "throwaway") return ApiSession.signup(c.server.url, { email: `throwaway-${Math.random().toString(36).slice(2)}@example.com` });
  return c.b;
}

const soon = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
const rule = { type: "escalate", name: "Rude words", keywords: ["idiot"], patterns: ["\\bscam\\b"], examples: ["you are an idiot"], similarityThreshold: 0.8, confidenceMin: 0.7, enabled: true, priority: 10 };
/** A draft as the try-it and replay panels send it: the full rule is covered by ai.rules.create. */
const draft = { id: "draft", type: "escalate", name: "Rude words", keywords: ["idiot"] };
const postContent = {
  text: "Spring sale",
  mediaIds: [] as string[],
  instagram: { altText: "A shop window" },
  whatsapp: { template: { name: "welcome", language: "en_US", bodyParams: ["Ana"] }, audience: { phones: ["33611111111", "+33622222222"], optedInContacts: false } },
};
const txt = (s: string) => Buffer.from(s, "utf8").toString("base64");

export const samples: Record<string, (c: SampleContext) => Sample[]> = {
  "ai.control.get": () => [{ input: undefined }],
  "analytics.topics": () => [{ input: { period: "24h" } }, { input: { period: "7d", postId: "17895695668004550" } }],
  // B's topic, seeded by isolation/topics.cases.ts.
  "analytics.topicItems": (c) => [{ input: { topicId: c.bIds.topicId, cursor: 0 } }],
  "ai.control.set": (c) => [{ input: { enabled: true, channelId: c.bIds.channelId } }],
  "ai.decisions": () => [{ input: { limit: 5, triage: "ESCALATE" } }],
  "ai.replay": () => [{ input: { rules: [draft], safetyDisabled: ["urgency"], days: 7 } }],
  "ai.rules.create": () => [{ input: rule }],
  "ai.rules.delete": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "ai.rules.list": () => [{ input: undefined }],
  "ai.rules.update": (c) => [{ input: { ...rule, id: c.bIds.aiRuleId } }],
  "ai.safety.list": () => [{ input: undefined }],
  "ai.safety.set": () => [{ input: { category: "urgency", enabled: false } }],
  "ai.test": () => [{ input: { text: "Where is my order?", rules: [draft], hoursSinceHumanReply: 2 } }],
  "apiTokens.create": () => [{ input: { name: "Reporting", role: "agent" } }],
  "apiTokens.list": () => [{ input: undefined }],
  "apiTokens.revoke": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "auth.login": () => [{ input: { email: "nobody@example.com", password: "not the password" }, expect: "UNAUTHORIZED", as: "visitor" }],
  "auth.logout": () => [{ input: undefined, as: "throwaway" }],
  "auth.me": () => [{ input: undefined }],
  "auth.requestPasswordReset": () => [{ input: { email: "nobody@example.com" }, as: "visitor" }],
  "auth.invitationLink": () => [{ input: { token: "inv_not-a-token-we-issued" }, as: "visitor" }],
  "auth.passwordResetLink": () => [{ input: { token: "pwr_not-a-token-we-issued" }, as: "visitor" }],
  "auth.resetPassword": () => [{ input: { token: "pwr_not-a-token-we-issued", password: "a long new password" }, expect: "NOT_FOUND", as: "visitor" }],
  "auth.signup": () => [{ input: { email: "new.person@example.com", password: "a long password", name: "New person", workspaceName: "New shop", locale: "en" }, as: "visitor" }],
  "channels.connectInstagram": (c) => [{ input: { accessToken: c.igToken, variant: "instagram", humanAgent: true } }],
  "channels.connectWhatsApp": (c) => [{ input: { phoneNumberId: c.waAccount.phoneNumberId, wabaId: c.waAccount.wabaId, accessToken: c.waAccount.token, displayName: "Shop" } }],
  "channels.disconnect": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "channels.retryWebhookSubscription": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "channels.health": (c) => [{ input: { id: c.bIds.channelId } }],
  "channels.list": () => [{ input: undefined }],
  "channels.oauthStart": () => [{ input: { platform: "instagram" } }],
  // Demo mode is off in the battery's server: the demo-only procedures answer as if they did not exist.
  "demo.simulate": () => [{ input: { kind: "whatsapp_message", text: "Hello", customerName: "Ana" }, expect: "NOT_FOUND" }],
  "demo.simulateMessageChange": (c) => [
    { input: { kind: "edit", messageId: c.bIds.messageId, text: "Finalement en bleu" }, expect: "NOT_FOUND" },
    { input: { kind: "unsend", messageId: c.bIds.messageId }, expect: "NOT_FOUND" },
  ],
  "demo.status": () => [{ input: undefined }],
  "demo.available": () => [{ input: undefined, as: "visitor" }],
  "demo.login": () => [{ input: undefined, expect: "NOT_FOUND", as: "visitor" }],
  "channels.connectWhatsAppSandbox": () => [{ input: undefined, expect: "NOT_FOUND" }],
  "onboarding.checklist": () => [{ input: undefined }],
  "onboarding.dismiss": () => [{ input: undefined }],
  "inbox.assign": (c) => [{ input: { conversationId: c.bIds.conversationId, userId: c.bIds.userId } }],
  "inbox.deadLetters": () => [{ input: { limit: 10 } }, { input: { cursor: 1, limit: 5 } }],
  "inbox.replayDeadLetter": () => [{ input: { id: 999_999 }, expect: "NOT_FOUND" }],
  "inbox.conversations": () => [
    { input: { platform: "whatsapp", status: "open", assignee: "me", unread: false, triage: "ESCALATE", search: "secret", limit: 10 } },
    { input: { labelId: "00000000-0000-4000-8000-000000000000", snoozed: true } },
  ],
  "inbox.snooze": (c) => [{ input: { conversationId: c.bIds.conversationId, until: soon() } }, { input: { conversationId: c.bIds.conversationId, until: null } }],
  "inbox.markRead": (c) => [{ input: { conversationId: c.bIds.conversationId } }],
  "inbox.contact": (c) => [{ input: { conversationId: c.bIds.conversationId } }],
  "inbox.messages": (c) => [{ input: { conversationId: c.bIds.conversationId, limit: 10 } }],
  "inbox.onEvent": () => [{ input: { lastEventId: 1 } }],
  "inbox.reopen": (c) => [{ input: { conversationId: c.bIds.conversationId } }],
  "inbox.reply": (c) => [
    { input: { conversationId: c.bIds.conversationId, text: "Thanks, it ships today" } },
    { input: { conversationId: c.bIds.conversationId, image: { key: c.mediaKey, caption: "Your parcel" } } },
    { input: { conversationId: c.bIds.conversationId, image: { url: "https://cdn.example.com/parcel.jpg", caption: "Your parcel" } } },
    {
      input: {
        conversationId: c.bIds.conversationId,
        template: {
          name: "promo",
          language: "en_US",
          components: [
            { type: "header", parameters: [{ type: "image", image: { link: "https://cdn.example.com/promo.jpg" } }] },
            { type: "body", parameters: [{ type: "text", text: "Ana" }, { type: "currency", currency: { fallback_value: "€25", code: "EUR", amount_1000: 25000 } }] },
            { type: "button", sub_type: "quick_reply", index: 0, parameters: [{ type: "payload", payload: "STOP" }] },
          ],
        },
      },
    },
  ],
  "inbox.resolve": (c) => [{ input: { conversationId: c.bIds.conversationId } }],
  "inbox.templates": (c) => [{ input: { conversationId: c.bIds.conversationId } }],
  "knowledge.add": () => [
    { input: { title: "Returns", text: "Returns are free within 30 days.", format: "markdown" } },
    // A file's bytes are text too once decoded: a NUL inside must not reach PostgreSQL either.
    { input: { file: { name: "faq.txt", contentBase64: txt("Opening hours: 9\u0000-18") } } },
  ],
  "failures.list": () => [{ input: undefined }],
  // A random id: the battery must not resend B's real failed replies.
  "failures.retryReply": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "comments.posts": () => [{ input: { limit: 10 } }],
  "comments.list": (c) => [{ input: { postId: c.bIds.commentPostId, filter: "unanswered", triage: "ESCALATE", limit: 10 } }],
  "comments.thread": (c) => [{ input: { commentId: c.bIds.commentId } }],
  "comments.reply": (c) => [{ input: { commentId: c.bIds.commentId, text: "Merci !" } }],
  "comments.privateReply": (c) => [{ input: { commentId: c.bIds.commentId, text: "Je vous écris en privé." } }],
  "comments.hide": (c) => [{ input: { commentId: c.bIds.commentId, hidden: true } }],
  "comments.delete": () => [{ input: { commentId: randomUUID() }, expect: "NOT_FOUND" }],
  "knowledge.list": () => [{ input: undefined }],
  "knowledge.remove": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "knowledge.search": () => [{ input: { query: "returns", k: 3 } }],
  "labels.list": () => [{ input: undefined }],
  "billing.plan": () => [{ input: undefined }],
  "billing.credits": () => [{ input: undefined }, { input: { limit: 5, cursor: "12" } }],
  "billing.usage": () => [{ input: undefined }],
  "notifications.list": () => [{ input: undefined }, { input: { limit: 5, unreadOnly: true } }],
  "notifications.markRead": () => [{ input: { ids: [randomUUID()] } }, { input: { all: true } }],
  "notifications.preferences.get": () => [{ input: undefined }],
  "notifications.preferences.set": () => [{ input: { preferences: [{ kind: "publication_failed", inApp: true, email: false }] } }],
  "notifications.emailSettings.get": () => [{ input: undefined }],
  "notifications.emailSettings.set": () => [
    { input: { timeZone: "Europe/Paris", quietFrom: 22, quietTo: 7, emailMode: "daily", digestHour: 18 } },
    { input: { timeZone: null, quietFrom: 0, quietTo: 0, emailMode: "immediate", digestHour: 8 } },
  ],
  "notifications.thresholds.get": () => [{ input: undefined }],
  "notifications.thresholds.set": (c) => [{ input: { defaultMinutes: 20 } }, { input: { channels: [{ channelId: c.bIds.channelId, minutes: 10 }] } }, { input: { channels: [{ channelId: c.bIds.channelId, minutes: null }] } }],
  "workspace.webhooks.list": () => [{ input: undefined }],
  "workspace.webhooks.create": () => [{ input: { url: "https://hooks.example.com/sillage" } }],
  "workspace.webhooks.delete": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "workspace.webhooks.update": () => [{ input: { id: randomUUID(), url: "https://hooks.example.com/other" }, expect: "NOT_FOUND" }],
  "workspace.webhooks.rotateSecret": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "workspace.webhooks.test": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "workspace.webhooks.redeliver": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "workspace.webhooks.deliveries": () => [{ input: undefined }, { input: { webhookId: randomUUID(), limit: 10 } }],
  "labels.create": () => [{ input: { name: "VIP", colour: "#1F9D55" } }],
  "labels.update": () => [{ input: { id: randomUUID(), name: "Priority", colour: "#aa0000" }, expect: "NOT_FOUND" }],
  "labels.delete": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "labels.setOnConversation": (c) => [{ input: { conversationId: c.bIds.conversationId, labelId: randomUUID(), on: true }, expect: "NOT_FOUND" }],
  "savedReplies.create": () => [{ input: { title: "Livraison", shortcut: `liv-${randomUUID().slice(0, 8)}`, body: "Bonjour {{prenom}}, votre colis part sous 48 h." } }],
  "savedReplies.forConversation": (c) => [{ input: { conversationId: c.bIds.conversationId } }],
  "savedReplies.list": () => [{ input: undefined }],
  "savedReplies.remove": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "savedReplies.update": () => [{ input: { id: randomUUID(), title: "Livraison", shortcut: "livraison", body: "Bonjour" }, expect: "NOT_FOUND" }],
  "media.get": (c) => [{ input: { id: c.bIds.mediaId } }],
  // The sample's bytes are not an image: the battery's bad values reach the sniffing and the row it stores.
  "media.upload": () => [{ input: { data: `data:text/plain;base64,${txt("not an image")}`, filename: "parcel.jpg" }, expect: "BAD_REQUEST" }],
  "notes.add": (c) => [
    { input: { conversationId: c.bIds.conversationId, text: "Note for the team" } },
    { input: { conversationId: c.bIds.conversationId, text: "@owner a look?", mentionedUserIds: [c.bIds.userId] } },
  ],
  "notes.list": (c) => [{ input: { conversationId: c.bIds.conversationId } }],
  "notes.mentions": () => [{ input: undefined }],
  "analytics.kpis": (c) => [
    { input: { from: new Date(Date.now() - 48 * 3600_000).toISOString(), to: new Date().toISOString() } },
    { input: { from: new Date(Date.now() - 48 * 3600_000).toISOString(), to: new Date().toISOString(), channelId: c.bIds.kpiChannelId } },
  ],
  "analytics.summary": (c) => [{ input: {} }, { input: { channelId: c.bIds.kpiChannelId } }],
  "posts.calendar": () => [{ input: { from: new Date().toISOString(), to: soon(), limit: 100 } }],
  "posts.cancel": () => [{ input: { id: randomUUID(), publicationId: randomUUID() }, expect: "NOT_FOUND" }],
  "posts.create": (c) => [
    { input: { channelIds: [c.bIds.postChannelId], content: postContent, publishAt: soon(), timeZone: "Europe/Paris" } },
    { input: { channelIds: [c.bIds.postChannelId], content: postContent, rrule: "FREQ=WEEKLY;BYDAY=MO;COUNT=4", dtstart: "2031-01-06T09:00", exdates: ["2031-01-13T09:00"], timeZone: "Europe/Paris" } },
  ],
  "posts.get": (c) => [{ input: { id: c.bIds.postId } }],
  "posts.list": (c) => [{ input: { status: ["queued"], from: new Date(0).toISOString(), to: soon(), channelId: c.bIds.postChannelId, postId: c.bIds.postId, limit: 10 } }],
  "posts.onStatus": () => [{ input: { lastEventId: 1 } }],
  "posts.previewOccurrences": () => [{ input: { rrule: "FREQ=DAILY;COUNT=3", dtstart: "2031-01-06T09:00", timeZone: "Europe/Paris", exdates: ["2031-01-07T09:00"], count: 3 } }],
  "posts.editOccurrence": () => [{ input: { id: randomUUID(), occurrence: soon(), content: postContent }, expect: "NOT_FOUND" }],
  "posts.reschedule": () => [{ input: { id: randomUUID(), occurrence: soon(), at: "2031-01-06T10:00", timeZone: "Europe/Paris" }, expect: "NOT_FOUND" }],
  "posts.retry": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "posts.skipOccurrence": () => [{ input: { id: randomUUID(), occurrence: soon() }, expect: "NOT_FOUND" }],
  "posts.update": (c) => [{ input: { id: c.bIds.postId, channelIds: [c.bIds.postChannelId], content: postContent, publishAt: soon(), timeZone: "Europe/Paris" } }],
  "posts.whatsappTemplates": (c) => [{ input: { channelId: c.bIds.postChannelId } }],
  "workspace.acceptInvitation": () => [{ input: { token: "inv_not-a-real-invitation-token" }, expect: "NOT_FOUND" }],
  "workspace.create": () => [{ input: { name: "Second shop" } }],
  "workspace.events": () => [{ input: { lastEventId: 1 } }],
  "workspace.get": () => [{ input: undefined }],
  "workspace.invite": () => [{ input: { role: "agent", email: "helper@example.com" } }],
  "workspace.members": () => [{ input: undefined }],
  "workspace.changeRole": () => [{ input: { userId: randomUUID(), role: "admin" }, expect: "NOT_FOUND" }],
  // B's only owner: refused (a workspace keeps an owner), so the battery leaves B as it was.
  "workspace.leave": () => [{ input: undefined, expect: "BAD_REQUEST" }],
  "workspace.removeMember": () => [{ input: { userId: randomUUID() }, expect: "NOT_FOUND" }],
  "workspace.revokeInvitation": () => [{ input: { id: randomUUID() }, expect: "NOT_FOUND" }],
  "workspace.update": () => [{ input: { name: "Workspace B", timeZone: "Europe/Paris", locale: "fr", burstWindowSeconds: 20, humanTakeoverHours: 4 } }],
};
