import type { nav as en } from "../en/nav";
import type { Messages } from "../types";

export const nav: Messages<typeof en> = {
  schedule: "Planning",
  inbox: "Messagerie",
  comments: "Commentaires",
  aiControl: "Pilotage IA",
  analytics: "Statistiques",
  topics: "Sujets",
  settings: "Réglages",
};
