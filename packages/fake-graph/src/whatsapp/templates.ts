import { GraphError } from "../errors.js";
import { ids } from "../ids.js";
import type { GraphCtx } from "../context.js";
import { authFor } from "../context.js";
import { paginate } from "../paging.js";
import { pick, str } from "../params.js";
import type { FakeGraphState, Template, TemplateComponent } from "../state.js";

export interface TemplateInput {
  name: string;
  language?: string;
  status?: string;
  category?: string;
  bodyText?: string;
  headerText?: string;
  headerFormat?: string;
  components?: TemplateComponent[];
}

export function makeTemplate(t: TemplateInput): Template {
  const components: TemplateComponent[] = t.components ? [...t.components] : [];
  if (!t.components) {
    if (t.headerFormat || t.headerText) {
      const format = (t.headerFormat ?? "TEXT").toUpperCase();
      components.push(format === "TEXT" ? { type: "HEADER", format, text: t.headerText ?? "" } : { type: "HEADER", format });
    }
    components.push({ type: "BODY", text: t.bodyText ?? "Hello" });
  }
  return {
    id: ids.template(),
    name: t.name,
    language: t.language ?? "en_US",
    status: (t.status ?? "APPROVED").toUpperCase(),
    category: (t.category ?? "MARKETING").toUpperCase(),
    components,
  };
}

/** Distinct {{1}} / {{name}} placeholders in a component's text. */
function placeholders(text: string | undefined): number {
  if (!text) return 0;
  return new Set([...text.matchAll(/\{\{\s*([\w]+)\s*\}\}/g)].map((m) => m[1])).size;
}

/** NAMED when the template's variables have names ({{first_name}}), POSITIONAL for {{1}}, {{2}}… (Graph's field). */
export function parameterFormat(t: Template): "POSITIONAL" | "NAMED" {
  const names = t.components.flatMap((c) => [...(c.text ?? "").matchAll(/\{\{\s*([\w]+)\s*\}\}/g)].map((m) => m[1] ?? ""));
  return names.some((n) => !/^\d+$/.test(n)) ? "NAMED" : "POSITIONAL";
}

/** Expected parameter count per component type ("header"/"body"), as Meta checks it (132000). */
export function expectedParams(t: Template): { header: number; body: number } {
  let header = 0;
  let body = 0;
  for (const c of t.components) {
    const type = c.type.toUpperCase();
    if (type === "HEADER") header = (c.format ?? "TEXT").toUpperCase() === "TEXT" ? placeholders(c.text) : 1;
    if (type === "BODY") body = placeholders(c.text);
  }
  return { header, body };
}

export function findTemplate(state: FakeGraphState, wabaId: string, name: string, language: string): Template | undefined {
  return state.wabas.get(wabaId)?.templates.find((t) => t.name === name && t.language === language);
}

/** GET /{waba-id}/message_templates — cursor paging, `next` only when more exist. */
export function listTemplates(ctx: GraphCtx, wabaId: string) {
  authFor(ctx, wabaId, wabaId, "get");
  ctx.bucId = wabaId;
  ctx.bucType = "whatsapp_business_management";
  const waba = ctx.state.wabas.get(wabaId);
  if (!waba) throw new GraphError({ code: 100, subcode: 33 });
  const p = ctx.params;
  const filters: [string, (t: Template) => string][] = [
    ["name", (t) => t.name],
    ["status", (t) => t.status],
    ["language", (t) => t.language],
    ["category", (t) => t.category],
  ];
  let items = waba.templates;
  for (const [key, get] of filters) {
    const want = str(p, key);
    if (want) items = items.filter((t) => get(t).toLowerCase() === want.toLowerCase());
  }
  const page = paginate(items, (t) => t.id, {
    limit: str(p, "limit"),
    after: str(p, "after"),
    before: str(p, "before"),
    defaultLimit: 25,
    maxLimit: 100,
    url: ctx.url,
  });
  return {
    ...page,
    data: page.data.map((t) =>
      pick(ctx.fields, ["name", "parameter_format", "components", "language", "status", "category", "id"], {
        id: () => t.id,
        parameter_format: () => parameterFormat(t),
        name: () => t.name,
        status: () => t.status,
        category: () => t.category,
        language: () => t.language,
        components: () => t.components,
      }, "WhatsAppBusinessHSM"),
    ),
  };
}
