import type { settings as en } from "../en/settings";
import type { Messages } from "../types";

export const settings: Messages<typeof en> = {
  title: "Réglages",
  description: "Votre espace, son équipe et ses accès à l’API.",
  sections: "Sections des réglages",
  breadcrumb: "Où vous êtes",
  generalTitle: "Général",
  generalDescription: "Le nom, le fuseau horaire et la langue de l’espace.",
  readOnly: "Seuls les propriétaires et les admins peuvent modifier ces réglages.",
  name: "Nom de l’espace",
  timeZone: "Fuseau horaire",
  timeZoneSearch: "Rechercher un fuseau (ex. Paris, New York)",
  timeZoneMatches: "Fuseaux correspondants : {{count}}.",
  timeZoneHint: "Les publications sont programmées et les rapports calculés dans ce fuseau.",
  useMyZone: "Utiliser le mien ({{zone}})",
  locale: "Langue de l’espace",
  localeHint: "La langue par défaut des membres qui n’en ont pas choisi.",
  slug: "Identifiant",
  createdAt: "Créé le",
  saved: "Réglages enregistrés.",
};
