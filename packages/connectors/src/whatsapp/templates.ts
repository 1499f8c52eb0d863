// A WhatsApp number's message templates: GET /{waba-id}/message_templates (every page), and this process's copy of
// each number's list (`TemplateCache`).

import { z } from "zod";
import { graphPages, pageSchema } from "../graph/paging";
import type { Usage } from "../graph/usage";
import type { Channel, WithUsage } from "../types";
import { invalidInput } from "../validation";
import type { WhatsAppGraph } from "./graph";

const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  category: z.string().optional(),
  language: z.string(),
  components: z.array(z.unknown()).optional(),
});
const templatePageSchema = pageSchema(templateSchema);
export type WhatsAppTemplate = z.infer<typeof templateSchema>;

/** Every template of the WABA (paging followed to the end). */
export async function listTemplates(
  wa: WhatsAppGraph,
  channel: Channel,
  opts: { status?: string; pageSize?: number } = {},
): Promise<{ templates: WhatsAppTemplate[] } & WithUsage> {
  const wabaId = channel.wabaId;
  if (!wabaId) throw invalidInput("whatsapp", "channel has no wabaId", "Reconnect the WhatsApp number (its business account is unknown).");
  const templates: WhatsAppTemplate[] = [];
  let usage: Usage | null = null;
  const pages = graphPages(
    (after) =>
      wa.call(channel, {
        method: "GET",
        url: wa.url(`${wabaId}/message_templates`),
        query: { fields: "id,name,status,category,language,components", limit: opts.pageSize ?? 100, after, status: opts.status },
        schema: templatePageSchema,
        safe: true,
        what: "list WhatsApp templates",
      }),
    { maxPages: wa.config.maxPages },
  );
  for await (const res of pages) {
    usage = res.usage;
    templates.push(...res.data.data);
  }
  return { templates, usage };
}

interface TemplateList {
  templates: WhatsAppTemplate[];
  fetchedAt: number;
}

/**
 * Each number's templates (every status), kept in memory for `templateCacheMs`: templates change rarely (approval
 * takes minutes to days), and each process reading them once every few minutes costs Meta nothing, so no table is
 * needed. `fresh` (a post names a template the list lacks: it may have just been approved) reloads unless the list
 * is younger than `templateRefreshMinMs`, so misses cannot hammer Meta. Concurrent loads share one request. When a
 * load fails, the last list is returned (`stale`) if there is one.
 */
export class TemplateCache {
  /** By channel and WABA. */
  private readonly lists = new Map<string, TemplateList>();
  private readonly loads = new Map<string, Promise<TemplateList>>();

  constructor(private readonly wa: WhatsAppGraph) {}

  async get(channel: Channel, opts: { fresh?: boolean } = {}): Promise<{ templates: WhatsAppTemplate[]; fetchedAt: Date; stale: boolean }> {
    const { config } = this.wa;
    const key = `${channel.id}:${channel.wabaId ?? ""}`;
    const cached = this.lists.get(key);
    const age = cached ? this.wa.now().getTime() - cached.fetchedAt : Infinity;
    const reload = age >= config.templateCacheMs || (opts.fresh === true && age >= config.templateRefreshMinMs);
    if (cached && !reload) return { templates: cached.templates, fetchedAt: new Date(cached.fetchedAt), stale: false };
    let load = this.loads.get(key);
    if (!load) {
      load = listTemplates(this.wa, channel)
        .then(({ templates }) => {
          const list = { templates, fetchedAt: this.wa.now().getTime() };
          this.lists.set(key, list);
          return list;
        })
        .finally(() => this.loads.delete(key));
      this.loads.set(key, load);
    }
    try {
      const list = await load;
      return { templates: list.templates, fetchedAt: new Date(list.fetchedAt), stale: false };
    } catch (e) {
      if (cached) return { templates: cached.templates, fetchedAt: new Date(cached.fetchedAt), stale: true };
      throw e;
    }
  }
}
