/**
 * A WhatsApp broadcast's template checked against the number's templates before it is stored: a name that does not
 * exist, a language it has no approved translation in, the wrong number of body parameters or a header Sillage cannot
 * fill would all fail at send time (Meta's 132001 / 132000 / 132012). Field errors point at the part to fix. The
 * template's header format is recorded with the post (`withHeaderFormat`), so the send attaches a header only when
 * the template has one.
 */
import { issueMessages, mediaKindOf, type FieldErrors, type FieldIssues, type MediaInfo, type PostContent, type PostIssue, type PostIssueCode } from "./content";

/** A template as Graph lists it (`GET /{waba-id}/message_templates`). */
export interface TemplateInfo {
  name: string;
  language: string;
  status: string;
  category?: string;
  components?: unknown[];
}

export interface TemplateShape {
  bodyText: string;
  /** Distinct variables of the body ({{1}}, {{2}}… counted once each): the body parameters it takes. */
  params: number;
  /** Variables with names ({{first_name}}): Sillage sends positional parameters only. */
  namedParams: boolean;
  /** TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION, or null without a header. */
  headerFormat: string | null;
  /** Variables in a TEXT header (Sillage cannot fill them). */
  headerParams: number;
}

type Component = { type?: string; format?: string; text?: string };
const component = (t: TemplateInfo, type: string): Component | undefined =>
  (t.components ?? []).find((c): c is Component => typeof c === "object" && c !== null && String((c as Component).type).toUpperCase() === type);
const variables = (text: string | undefined) => new Set([...(text ?? "").matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? ""));

export function templateShape(t: TemplateInfo): TemplateShape {
  const body = component(t, "BODY");
  const header = component(t, "HEADER");
  const bodyVars = variables(body?.text);
  const headerFormat = header ? (header.format ?? "TEXT").toUpperCase() : null;
  return {
    bodyText: body?.text ?? "",
    params: bodyVars.size,
    namedParams: [...bodyVars].some((v) => !/^\d+$/.test(v)),
    headerFormat,
    headerParams: headerFormat === "TEXT" ? variables(header?.text).size : 0,
  };
}

const approved = (t: TemplateInfo) => t.status.toUpperCase() === "APPROVED";

/** The approved template a post names, if the list has it (a miss is worth reloading the list once). */
export function findApprovedTemplate(templates: TemplateInfo[], choice: { name: string; language: string }): TemplateInfo | undefined {
  return templates.find((t) => t.name === choice.name && t.language === choice.language && approved(t));
}

/** The post with its template's header format as the approved template has it (see postContentSchema). */
export function withHeaderFormat(content: PostContent, templates: TemplateInfo[]): PostContent {
  const choice = content.whatsapp?.template;
  const tpl = choice && findApprovedTemplate(templates, choice);
  if (!content.whatsapp || !choice || !tpl) return content;
  const format = (templateShape(tpl).headerFormat ?? "NONE") as NonNullable<typeof choice.headerFormat>;
  return { ...content, whatsapp: { ...content.whatsapp, template: { ...choice, headerFormat: format } } };
}

const HEADER_MEDIA: Record<string, "image" | "video" | "document"> = { IMAGE: "image", VIDEO: "video", DOCUMENT: "document" };
const list = (xs: string[]) => xs.map((x) => `“${x}”`).join(", ");

/** Field errors of the post's WhatsApp template against the number's templates ({} when it can be sent), in English. */
export function checkTemplate(content: PostContent, templates: TemplateInfo[], media: MediaInfo[]): FieldErrors {
  return issueMessages(templateIssues(content, templates, media));
}

/** The same problems as codes (`POST_ISSUES`), which the API sends so each reader gets their language. */
export function templateIssues(content: PostContent, templates: TemplateInfo[], media: MediaInfo[]): FieldIssues {
  const choice = content.whatsapp?.template;
  if (!choice) return {};
  const issues: FieldIssues = {};
  const add = (field: string, code: PostIssueCode, params: PostIssue["params"] = {}) => void (issues[field] ??= []).push({ code, params });
  const name = choice.name;
  const named = templates.filter((t) => t.name === name);
  if (!named.length) {
    const names = [...new Set(templates.filter(approved).map((t) => t.name))].slice(0, 10);
    if (names.length) add("content.whatsapp.template.name", "post_template_unknown_listed", { name, approved: list(names) });
    else add("content.whatsapp.template.name", "post_template_unknown", { name });
    return issues;
  }
  const tpl = named.find((t) => t.language === choice.language && approved(t));
  if (!tpl) {
    const other = named.find((t) => t.language === choice.language);
    const languages = named.filter(approved).map((t) => t.language);
    if (other) add("content.whatsapp.template.name", "post_template_not_approved", { name, language: choice.language, status: other.status });
    else if (languages.length) add("content.whatsapp.template.language", "post_template_no_language_listed", { name, language: choice.language, languages: list(languages) });
    else add("content.whatsapp.template.language", "post_template_no_language", { name, language: choice.language });
    return issues;
  }
  const shape = templateShape(tpl);
  if (shape.namedParams) add("content.whatsapp.template.name", "post_template_named_variables", { name, example: "{{1}}, {{2}}…" });
  else if (choice.bodyParams.length !== shape.params) {
    add("content.whatsapp.template.bodyParams", "post_template_param_count", { name, language: choice.language, expected: shape.params, given: choice.bodyParams.length });
  }
  // The post's first media becomes the header (runner.ts): the template must have a header of that kind.
  const first = content.mediaIds.map((id) => media.find((m) => m.id === id)).find((m) => m !== undefined);
  const kind = first ? mediaKindOf(first.mimeType) : null;
  const wanted = shape.headerFormat ? HEADER_MEDIA[shape.headerFormat] : undefined;
  if (shape.headerParams > 0) add("content.whatsapp.template.name", "post_template_header_variable", { name });
  else if (shape.headerFormat && !wanted && shape.headerFormat !== "TEXT") add("content.whatsapp.template.name", "post_template_header_format", { name, format: shape.headerFormat.toLowerCase() });
  // Without a media header, a media is not sent on WhatsApp (it is for the post's other channels).
  if (wanted && kind !== wanted) add("content.mediaIds", `post_template_needs_${wanted}`, { name });
  return issues;
}
