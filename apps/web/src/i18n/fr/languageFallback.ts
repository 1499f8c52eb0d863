import type { languageFallback as en } from "../en/languageFallback";
import type { Messages } from "../types";

export const languageFallback: Messages<typeof en> = {
  refused: "Le serveur a refusé cette demande.",
};
