import type { auth as en } from "../en/auth";
import type { Messages } from "../types";

export const auth: Messages<typeof en> = {
  tagline: "Publications, messages et commentaires WhatsApp et Instagram, au même endroit.",
  loginTitle: "Connexion",
  loginSubtitle: "Heureux de vous revoir sur Sillage.",
  noAccount: "Pas encore de compte ?",
  createAccount: "Créer un compte",
  email: "E-mail",
  password: "Mot de passe",
  signingIn: "Connexion…",
  login: "Se connecter",
  signupTitle: "Créez votre compte",
  signupSubtitle: "Commencez avec un espace pour votre commerce ; invitez votre équipe ensuite.",
  haveAccount: "Déjà un compte ?",
  name: "Votre nom",
  passwordHint: "Au moins {{count}} caractères.",
  workspaceName: "Nom de votre commerce",
  workspaceNameHint: "Facultatif : le nom de votre espace (modifiable ensuite).",
  creatingAccount: "Création du compte…",
  signup: "Créer mon compte",
};
