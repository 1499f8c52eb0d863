import type { notFound as en } from "../en/notFound";
import type { Messages } from "../types";

export const notFound: Messages<typeof en> = {
  title: "Page introuvable",
  body: "Cette adresse ne correspond à aucune page de Sillage.",
  back: "Retour au planning",
};
