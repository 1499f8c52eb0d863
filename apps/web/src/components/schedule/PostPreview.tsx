import { useTranslation } from "react-i18next";

/** What Instagram shows of a caption in the feed before "… more": two lines, about 125 characters. */
export const CAPTION_CUT = 125;

/** The caption as the feed shows it folded: the part before the cut and whether "… more" follows. */
export function foldCaption(text: string): { shown: string; folded: boolean } {
  const lines = text.split("\n");
  let shown = lines.slice(0, 2).join("\n");
  let folded = lines.length > 2;
  const chars = [...shown];
  if (chars.length > CAPTION_CUT) {
    shown = chars.slice(0, CAPTION_CUT).join("");
    // Cut at a word boundary when there is one close by, as the app does.
    const space = shown.lastIndexOf(" ");
    if (space > CAPTION_CUT - 25) shown = shown.slice(0, space);
    folded = true;
  }
  return { shown: shown.trimEnd(), folded };
}

/** A template body with its {{n}} filled in: each part tells whether it is a parameter that is still missing. */
export function fillTemplate(body: string, params: string[]): { text: string; missing?: number }[] {
  const parts: { text: string; missing?: number }[] = [];
  let last = 0;
  for (const m of body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) {
    parts.push({ text: body.slice(last, m.index) });
    const n = Number(m[1]);
    const value = params[n - 1];
    parts.push(value ? { text: value } : { text: m[0], missing: n });
    last = m.index! + m[0].length;
  }
  parts.push({ text: body.slice(last) });
  return parts.filter((p) => p.text);
}

interface PreviewMedia {
  url: string;
  mimeType: string;
  width?: number | null;
  height?: number | null;
}

/** Instagram's feed crop: the image's own ratio, kept within 4:5 and 1.91:1. */
const feedRatio = (m?: PreviewMedia) => (m?.width && m.height ? Math.min(1.91, Math.max(0.8, m.width / m.height)) : 1);

/** How the post will look: an Instagram feed post (crop, folded caption) and the WhatsApp message (template filled). */
export function PostPreview({ instagram, whatsapp, text, media, account, template, params }: { instagram: boolean; whatsapp: boolean; text: string; media: PreviewMedia[]; account?: string; template?: { bodyText: string } | null; params: string[] }) {
  const { t } = useTranslation();
  if (!instagram && !whatsapp) return null;
  const first = media[0];
  const image = first?.mimeType.startsWith("image/") ? first : undefined;
  const { shown, folded } = foldCaption(text);
  const name = account ?? t("scheduleUx.preview.account");
  return (
    <section className="stack" data-testid="post-preview" aria-label={t("scheduleUx.preview.title")}>
      <strong>{t("scheduleUx.preview.title")}</strong>
      <div className="previews">
        {instagram && (
          <figure className="ig-preview" data-testid="ig-preview" style={{ margin: 0 }}>
            <figcaption className="sr-only">{t("scheduleUx.preview.instagram")}</figcaption>
            <div className="ig-preview__head">{name}</div>
            <div className="ig-preview__media" style={{ aspectRatio: String(feedRatio(image)) }} data-testid="ig-preview-media" data-ratio={feedRatio(image).toFixed(2)}>
              {image ? <img src={image.url} alt="" /> : <span>{t("scheduleUx.preview.noImage")}</span>}
            </div>
            {text && (
              <div className="ig-preview__caption" data-testid="ig-preview-caption">
                <strong>{name}</strong> {shown}
                {folded && <span className="ig-preview__more"> {t("scheduleUx.preview.more")}</span>}
              </div>
            )}
          </figure>
        )}
        {whatsapp && (
          <figure className="wa-preview" data-testid="wa-preview" style={{ margin: 0 }}>
            <figcaption className="sr-only">{t("scheduleUx.preview.whatsapp")}</figcaption>
            <div className="wa-preview__bubble">
              {image && <img src={image.url} alt="" />}
              {template
                ? fillTemplate(template.bodyText, params).map((p, i) =>
                    p.missing ? (
                      <mark key={i} className="wa-preview__missing" title={t("scheduleUx.preview.missingParam", { n: `{{${p.missing}}}` })}>
                        {p.text}
                      </mark>
                    ) : (
                      <span key={i}>{p.text}</span>
                    ),
                  )
                : text}
            </div>
          </figure>
        )}
      </div>
    </section>
  );
}
