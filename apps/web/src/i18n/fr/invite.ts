import type { invite as en } from "../en/invite";
import type { Messages } from "../types";

export const invite: Messages<typeof en> = {
  title: "Rejoindre un espace",
  signedInSubtitle: "Vous êtes connecté·e en tant que {{name}}. Acceptez l’invitation pour rejoindre l’espace.",
  accept: "Accepter l’invitation",
  notYou: "Ce n’est pas vous ?",
  signupSubtitle: "Vous êtes invité·e dans un espace Sillage. Créez votre compte pour le rejoindre.",
  loginToAccept: "Se connecter pour accepter",
  signupAndJoin: "Créer mon compte et rejoindre",
};
