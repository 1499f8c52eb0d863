import type { savedReplies as en } from "../en/savedReplies";
import type { Messages } from "../types";

export const savedReplies: Messages<typeof en> = {
  title: "Réponses enregistrées",
  description: "Des réponses toutes prêtes : tapez / et le raccourci dans une réponse pour en insérer une, remplie pour le client.",
  picker: "Réponses enregistrées",
  hint: "/ pour une réponse enregistrée",
  noneYet: "Aucune réponse enregistrée : les administrateurs les ajoutent dans les Réglages.",
  noMatch: "Aucune réponse enregistrée ne correspond à « {{query}} ».",
  none: "Aucune réponse enregistrée.",
  shortcut: "Raccourci",
  shortcutHint: "Lettres, chiffres, - ou _ (tapé après /)",
  name: "Titre",
  body: "Texte",
  bodyHint: "Variables : {{vars}}. Une valeur inconnue est omise.",
  add: "Ajouter",
  newTitle: "Nouvelle réponse enregistrée",
  edit: "Modifier",
  editTitle: "Modifier /{{shortcut}}",
  remove: "Supprimer",
  removeConfirm: "La supprimer ?",
};
