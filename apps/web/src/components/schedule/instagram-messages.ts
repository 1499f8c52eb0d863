/**
 * The composer's Instagram option words (`igComposer.*`), FR/EN, shipped with the composer's chunk rather
 * than the dictionaries every first page downloads (JS budget, build/assets.ts). Added to each language once it is
 * loaded: adding a bundle for a language not loaded yet would make i18next skip loading its dictionary. A top-level
 * key of their own: a dictionary (or a part of one) added later replaces the top-level keys it brings, never this one.
 */
import i18n from "i18next";
import { useTranslation } from "react-i18next";
import type { Messages } from "../../i18n/types";

const en = {
  vertical: "Vertical 9:16 recommended.",
  altText: "Image description (alt text)",
  altTextHint: "Read aloud by screen readers on Instagram; a carousel gives it to each of its images.",
  shareToFeed: "Also show the reel in the feed",
  cover: "Reel cover",
  coverKinds: { none: "Chosen by Instagram", frame: "A frame of the video", image: "An uploaded image" },
  coverFrame: "Frame at (seconds)",
  coverFrameHint: "Seconds from the start of the video, for example 2.5.",
  coverImageHint: "Vertical 9:16 recommended; sent to Instagram as a JPEG.",
};

const fr: Messages<typeof en> = {
  vertical: "Format vertical 9:16 recommandé.",
  altText: "Description de l’image (texte alternatif)",
  altTextHint: "Lue par les lecteurs d’écran sur Instagram ; un carrousel la donne à chacune de ses images.",
  shareToFeed: "Afficher aussi le reel dans le fil",
  cover: "Couverture du reel",
  coverKinds: { none: "Choisie par Instagram", frame: "Une image de la vidéo", image: "Une image importée" },
  coverFrame: "Image à (secondes)",
  coverFrameHint: "Secondes depuis le début de la vidéo, par exemple 2,5.",
  coverImageHint: "Format vertical 9:16 recommandé ; envoyée à Instagram en JPEG.",
};

export const INSTAGRAM_MESSAGES: Record<string, typeof en> = { en, fr };

function addTo(language: string): void {
  const messages = INSTAGRAM_MESSAGES[language];
  if (messages && i18n.hasResourceBundle(language, "translation")) {
    i18n.addResourceBundle(language, "translation", { igComposer: messages }, true, false);
  }
}
for (const language of Object.keys(INSTAGRAM_MESSAGES)) addTo(language);
// A language loaded later (a switch) arrives as a whole dictionary, without these: add them to it.
i18n.on("loaded", (loaded: Record<string, unknown>) => Object.keys(loaded).forEach(addTo));

type Key = Exclude<keyof typeof en, "coverKinds"> | `coverKinds.${keyof typeof en.coverKinds}`;

/** `t` for these words (their keys are not in the typed dictionaries). */
export function useInstagramWords(): (key: Key) => string {
  const { t } = useTranslation();
  return (key) => (t as unknown as (k: string) => string)(`igComposer.${key}`);
}
