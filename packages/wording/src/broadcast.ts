/**
 * A broadcast's counts in words, in both languages: what the `sent_to_none`, `sent_to_some` and `stopped_after_sending`
 * sentences put in `{{recipients}}`, `{{sentRecipients}}` and `{{notSent}}`. Publishing stores only the counts; these
 * are derived when a sentence is worded (the server's `publicationReasonOf`, the SPA's stored reasons), each count with
 * its own plural and the zeros left out ("1 failed, 2 skipped", not "1 failed, 0 uncertain, 2 skipped"). No tables
 * of reasons here: the SPA's first page can import it.
 */
export type BroadcastLanguage = "fr" | "en";

/** The parameters derived from the stored counts (never stored themselves). */
export const BROADCAST_WORD_PARAMS = ["recipients", "sentRecipients", "notSent"] as const;

type Forms = readonly [one: string, other: string];
const WORDS: Record<BroadcastLanguage, { recipient: Forms; failed: Forms; uncertain: Forms; skipped: Forms; pending: Forms }> = {
  en: {
    recipient: ["recipient", "recipients"],
    failed: ["failed", "failed"],
    uncertain: ["uncertain (it may have arrived)", "uncertain (they may have arrived)"],
    skipped: ["skipped", "skipped"],
    pending: ["not sent yet", "not sent yet"],
  },
  fr: {
    recipient: ["destinataire", "destinataires"],
    failed: ["en échec", "en échec"],
    uncertain: ["incertain (peut-être reçu)", "incertains (peut-être reçus)"],
    skipped: ["ignoré", "ignorés"],
    pending: ["pas encore envoyé", "pas encore envoyés"],
  },
};

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** `params` with the words of its counts added (`sent`, `total`, `failed`, `uncertain`, `skipped`; others kept). */
export function withBroadcastWords<P extends Record<string, unknown>>(lang: BroadcastLanguage, params: P): P & Record<(typeof BROADCAST_WORD_PARAMS)[number], string> {
  const w = WORDS[lang];
  const format = (n: number) => n.toLocaleString(lang === "en" ? "en-GB" : "fr-FR");
  // French and English both take the singular for 1 only ("0 destinataire" is the one French exception, not met here).
  const counted = (n: number, forms: Forms) => `${format(n)} ${forms[n === 1 ? 0 : 1]}`;
  const [sent, total, failed, uncertain, skipped] = [params.sent, params.total, params.failed, params.uncertain, params.skipped].map(num) as [number, number, number, number, number];
  const pending = Math.max(0, total - sent - failed - uncertain - skipped);
  const notSent = (
    [
      [failed, w.failed],
      [uncertain, w.uncertain],
      [skipped, w.skipped],
      [pending, w.pending],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, forms]) => counted(n, forms))
    .join(", ");
  return { ...params, recipients: counted(total, w.recipient), sentRecipients: counted(sent, w.recipient), notSent };
}
