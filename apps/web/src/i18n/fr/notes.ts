import type { notes as en } from "../en/notes";
import type { Messages } from "../types";

export const notes: Messages<typeof en> = {
  modes: "Répondre ou écrire une note",
  modeReply: "Répondre",
  modeNote: "Note",
  internal: "Note interne",
  hint: "Note interne : visible par l’équipe seulement, jamais envoyée au client. Tapez @ pour mentionner un membre.",
  label: "Note interne",
  placeholder: "Une note pour l’équipe… (@ pour mentionner)",
  members: "Membres à mentionner",
  post: "Ajouter la note",
  posting: "Ajout…",
  badMention: "On ne peut mentionner que des membres de l’espace.",
  apiAuthor: "Jeton d’API",
  mentioned: "Mentionné",
  mentionedTitle: "Un membre de l’équipe vous a mentionné dans une note",
};
