import { useTranslation } from "react-i18next";
import type { FieldErrors } from "../../lib/errors";
import { FieldShell, SelectField, TextField } from "../Field";
import { effectiveFormat, notVertical, optionsFor, type ComposerMedia, type CoverKind, type IgOptions } from "./instagram-options";

interface Props {
  format: string;
  onFormat: (format: string) => void;
  media: ComposerMedia[];
  options: IgOptions;
  onOptions: (options: IgOptions) => void;
  /** Uploads the reel's cover (an image, made a JPEG by the server). */
  onCoverFile: (file: File) => void;
  coverUrl: string | null;
  uploading: boolean;
  errors: FieldErrors;
}

/** The Instagram format, then only the options it takes: a feed or carousel image's description, a reel's feed sharing and cover. */
export function InstagramFields({ format, onFormat, media, options, onOptions, onCoverFile, coverUrl, uploading, errors }: Props) {
  const { t } = useTranslation();
  const effective = effectiveFormat(format, media);
  const takes = optionsFor(effective, media);
  const set = (patch: Partial<IgOptions>) => onOptions({ ...options, ...patch });
  const verticalHint = () => {
    const size = notVertical(effective, media);
    if (size) return t("scheduleUx.instagram.notVertical", size);
    return effective === "story" || effective === "reel" ? t("scheduleUx.instagram.vertical") : undefined;
  };
  return (
    <>
      <SelectField
        label={t("schedule.composer.igFormat")}
        hint={verticalHint()}
        value={format}
        onChange={(e) => onFormat(e.target.value)}
        error={errors["content.instagram.format"]}
        data-testid="composer-ig-format"
      >
        {(["auto", "feed", "carousel", "reel", "story"] as const).map((f) => (
          <option key={f} value={f}>
            {t(`schedule.composer.formats.${f}`)}
          </option>
        ))}
      </SelectField>

      {takes.altText && (
        <FieldShell label={t("scheduleUx.instagram.altText")} hint={t("scheduleUx.instagram.altTextHint")} error={errors["content.instagram.altText"]}>
          {(a11y) => <textarea className="input" rows={2} value={options.altText} onChange={(e) => set({ altText: e.target.value })} data-testid="composer-ig-alt" {...a11y} />}
        </FieldShell>
      )}

      {takes.reel && (
        <>
          <label>
            <input type="checkbox" checked={options.shareToFeed ?? true} onChange={(e) => set({ shareToFeed: e.target.checked })} data-testid="composer-ig-share-to-feed" />{" "}
            {t("scheduleUx.instagram.shareToFeed")}
          </label>
          <SelectField label={t("scheduleUx.instagram.cover")} value={options.cover} onChange={(e) => set({ cover: e.target.value as CoverKind })} data-testid="composer-ig-cover">
            {(["none", "frame", "image"] as const).map((k) => (
              <option key={k} value={k}>
                {t(`scheduleUx.instagram.coverKinds.${k}`)}
              </option>
            ))}
          </SelectField>
          {options.cover === "frame" && (
            <TextField
              type="number"
              min={0}
              step={0.1}
              inputMode="decimal"
              label={t("scheduleUx.instagram.coverFrame")}
              hint={t("scheduleUx.instagram.coverFrameHint")}
              value={options.frameSeconds}
              onChange={(e) => set({ frameSeconds: e.target.value })}
              error={errors["content.instagram.thumbOffsetMs"]}
              data-testid="composer-ig-cover-frame"
            />
          )}
          {options.cover === "image" && (
            <FieldShell label={t("scheduleUx.instagram.coverKinds.image")} hint={t("scheduleUx.instagram.coverImageHint")} error={errors["content.instagram.coverMediaId"]}>
              {(a11y) => (
                <div className="composer__row">
                  <input
                    type="file"
                    accept="image/jpeg,image/png,image/webp,image/heic,image/heif,image/avif,.heic"
                    onChange={(e) => {
                      const file = e.target.files?.[0];
                      if (file) onCoverFile(file);
                      e.target.value = "";
                    }}
                    data-testid="composer-ig-cover-file"
                    {...a11y}
                  />
                  {uploading && <span className="muted">{t("schedule.composer.uploading")}</span>}
                  {coverUrl && (
                    <div className="composer__thumb" data-testid="composer-ig-cover-preview">
                      <img src={coverUrl} alt={t("scheduleUx.instagram.cover")} />
                    </div>
                  )}
                </div>
              )}
            </FieldShell>
          )}
        </>
      )}
    </>
  );
}
