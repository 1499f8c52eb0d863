import type { scheduleUx as en } from "../en/scheduleUx";
import type { Messages } from "../types";

export const scheduleUx: Messages<typeof en> = {
  converted: "{{from}} converti en JPEG pour Instagram",
  croppedTo: "recadré en {{ratio}}",
  resized: "réduit à {{width}} px de large",
  formats: { "image/png": "PNG", "image/webp": "WebP", "image/gif": "GIF", "image/heic": "HEIC", "image/avif": "AVIF", "image/jpeg": "JPEG" },
  preview: {
    title: "Aperçu",
    instagram: "Sur Instagram",
    whatsapp: "Sur WhatsApp",
    more: "… plus",
    noImage: "Ajoutez une image",
    account: "votre_compte",
    missingParam: "{{n}} manquant",
  },
  week: {
    hours: "Heures",
    dragHint: "Glissez une publication vers une autre heure pour la déplacer, ou ouvrez-la pour choisir une heure.",
    moved: "Publication déplacée au {{when}}",
    dropHere: "{{day}} à {{hour}}",
  },
  agenda: { title: "Agenda", empty: "Rien de prévu sur cette période." },
  occurrence: {
    title: "Cette date : {{when}}",
    moveLabel: "Nouvelle date et heure",
    move: "Déplacer cette date",
    skip: "Ne pas publier à cette date",
    skipConfirm: "Sauter cette date",
    skipped: "Dates sautées : {{dates}}",
    moved: "Dates déplacées : {{dates}}",
    movedItem: "{{from}} → {{to}}",
    textLabel: "Texte pour cette date seulement",
    edit: "Enregistrer pour cette date",
    edited: "Cette date a son propre texte.",
  },
  image: "Image de la publication",
  cancelKeep: "Garder",
  cancelConfirm: "Annuler la publication",
  stopKeep: "Laisser continuer",
  /** The composer's Instagram options (alt text, a reel's feed sharing and cover). */
  instagram: {
    vertical: "Format vertical 9:16 recommandé.",
    altText: "Description de l’image (texte alternatif)",
    altTextHint: "Lue par les lecteurs d’écran sur Instagram ; un carrousel la donne à chacune de ses images.",
    shareToFeed: "Afficher aussi le reel dans le fil",
    cover: "Couverture du reel",
    coverKinds: { none: "Choisie par Instagram", frame: "Une image de la vidéo", image: "Une image importée" },
    coverFrame: "Image à (secondes)",
    coverFrameHint: "Secondes depuis le début de la vidéo, par exemple 2,5.",
    coverImageHint: "Format vertical 9:16 recommandé ; envoyée à Instagram en JPEG.",
  },
};
