/**
 * What the composer sends, checked before a post is stored: its schedule (once or a series, in its time zone) and
 * its content against every chosen channel's capabilities and each WhatsApp number's approved templates.
 */
import { channelsForPost, loadChannel } from "@sillage/channels";
import type { Connectors, WhatsAppTemplate } from "@sillage/connectors";
import type { ScopedDb } from "@sillage/db";
import type { SecretBox } from "@sillage/crypto";
import { mediaForValidation } from "@sillage/media";
import { contentIssues, issueMessages, mediaIdsOf, normalizeAudience, type FieldErrors, type FieldIssues, type PostContent } from "./content";
import { checkSeries, normalizeRrule, publishInstant, RecurrenceError } from "./occurrences";
import type { Schedule } from "./store";
import { findApprovedTemplate, templateIssues, withHeaderFormat } from "./templates";

/** A one-off time this far in the past is still accepted (the form's "now"). */
const PAST_SLACK_MS = 60_000;

/** The post as sent is refused: messages by field path, answered as a field error. */
export class PostInputError extends Error {
  /** `issues`: the same problems as codes (`POST_ISSUES`), where they have one; `fieldErrors` stays English. */
  constructor(
    readonly fieldErrors: FieldErrors,
    readonly issues: FieldIssues = {},
  ) {
    super(Object.values(fieldErrors).flat()[0] ?? "Invalid post");
    this.name = "PostInputError";
  }
}

/** The channel is not a connected WhatsApp number of this workspace. */
export class ChannelNotFoundError extends Error {
  constructor() {
    super("Channel not found");
    this.name = "ChannelNotFoundError";
  }
}

export interface ScheduleInput {
  /** An instant with its offset (`…Z`, `…+02:00`), or a local time read in `timeZone`. */
  publishAt?: string;
  rrule?: string;
  dtstart?: string;
  exdates?: string[];
  timeZone: string;
}

/** The schedule a post asks for: once at `publishAt` (not in the past) or a series (`rrule` from `dtstart`). */
export function scheduleOf(input: ScheduleInput, now: Date): Schedule {
  if (input.publishAt) {
    const publishAt = /[zZ]|[+-]\d{2}:\d{2}$/.test(input.publishAt) ? new Date(input.publishAt) : publishInstant(input.publishAt, input.timeZone);
    if (publishAt.getTime() < now.getTime() - PAST_SLACK_MS) throw new PostInputError({ publishAt: ["Choose a time in the future"] }, { publishAt: [{ code: "post_past", params: {} }] });
    return { kind: "once", publishAt, timeZone: input.timeZone };
  }
  try {
    const series = { rrule: normalizeRrule(input.rrule!), dtstartLocal: input.dtstart!, timeZone: input.timeZone, exdatesLocal: input.exdates ?? [] };
    checkSeries(series, now);
    return { kind: "series", series };
  } catch (err) {
    if (err instanceof RecurrenceError) throw new PostInputError({ rrule: [err.message] });
    throw err;
  }
}

export interface ComposeDeps {
  db: ScopedDb;
  connectors: Connectors;
  secretBox: SecretBox;
}

/**
 * Loads channels and media, checks the content against every channel's capabilities and each WhatsApp number's
 * templates, and returns it as it is stored (the WhatsApp audience in E.164, each number once). Refusals are a
 * `PostInputError`; a platform error reading templates is thrown as is.
 */
export async function checkPostContent(deps: ComposeDeps, channelIds: string[], content: PostContent): Promise<PostContent> {
  const channels = await channelsForPost(deps.db, channelIds);
  if (channels.length !== new Set(channelIds).size) throw new PostInputError({ channelIds: ["Channel not found"] }, { channelIds: [{ code: "post_channel_not_found", params: {} }] });
  const media = await mediaForValidation(deps.db, mediaIdsOf(content));
  const audience = normalizeAudience(content);
  const issues = contentIssues(
    content,
    channels.map((c) => ({ id: c.id, platform: c.platform as "whatsapp" | "instagram", status: c.status, displayName: c.display_name })),
    media,
    (p) => deps.connectors.get(p).capabilities,
  );
  for (const [field, list] of Object.entries(audience.issues)) issues[field] = [...(issues[field] ?? []), ...list];
  const errors = mergeErrors(issueMessages(issues), audience.errors);
  // The header format is Sillage's to record (from the approved template), never the caller's.
  let stored = dropHeaderFormat(audience.content);
  const waChannels = channels.filter((c) => c.platform === "whatsapp" && c.status === "active");
  for (const c of content.whatsapp?.template ? waChannels : []) {
    const templates = await whatsappTemplatesOf(deps, c.id, content.whatsapp!.template!);
    const found = templateIssues(content, templates, media);
    mergeErrors(errors, issueMessages(found));
    for (const [field, list] of Object.entries(found)) issues[field] = [...(issues[field] ?? []), ...list];
    stored = withHeaderFormat(stored, templates);
  }
  if (Object.keys(errors).length) throw new PostInputError(errors, issues);
  return stored;
}

function dropHeaderFormat(content: PostContent): PostContent {
  const template = content.whatsapp?.template;
  if (!content.whatsapp || !template?.headerFormat) return content;
  const { headerFormat: _dropped, ...rest } = template;
  return { ...content, whatsapp: { ...content.whatsapp, template: rest } };
}

/** Adds the messages of `more` to `into` (each once), and returns `into`. */
function mergeErrors(into: FieldErrors, more: FieldErrors): FieldErrors {
  for (const [field, messages] of Object.entries(more)) {
    const list = (into[field] ??= []);
    for (const m of messages) if (!list.includes(m)) list.push(m);
  }
  return into;
}

/** A WhatsApp number's templates (cached by the connector), read again at once when the chosen one is missing. */
export async function whatsappTemplatesOf(deps: ComposeDeps, channelId: string, choice?: { name: string; language: string }): Promise<WhatsAppTemplate[]> {
  const loaded = await loadChannel(deps.db, deps.secretBox, channelId);
  if (!loaded || loaded.row.platform !== "whatsapp" || loaded.row.status === "disconnected") throw new ChannelNotFoundError();
  let { templates } = await deps.connectors.whatsapp.cachedTemplates(loaded.channel);
  // It may have been approved since the list was read.
  if (choice && !findApprovedTemplate(templates, choice)) ({ templates } = await deps.connectors.whatsapp.cachedTemplates(loaded.channel, { fresh: true }));
  return templates;
}
