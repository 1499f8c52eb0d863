import type { languages as en } from "../en/languages";
import type { Messages } from "../types";

export const languages: Messages<typeof en> = {
  fr: "Français",
  en: "English",
};
