import type { errors as en } from "../en/errors";
import type { Messages } from "../types";

export const errors: Messages<typeof en> = {
  network: "Impossible de joindre Sillage. Vérifiez votre connexion et réessayez.",
  checkFields: "Vérifiez les champs signalés.",
  signedOut: "Votre session a expiré : reconnectez-vous.",
  forbidden: "Votre rôle ne permet pas cette action.",
  notFound: "Cet élément n’existe plus.",
  tooMany: "Trop de tentatives : patientez un instant puis réessayez.",
  tooManySeconds: "Trop de tentatives : réessayez dans {{count}} s.",
  tooManyMinutes: "Trop de tentatives : réessayez dans {{count}} min.",
  server: "Une erreur est survenue de notre côté. Réessayez.",
  badCredentials: "E-mail ou mot de passe incorrect.",
  emailTaken: "Un compte existe déjà avec cet e-mail. Connectez-vous plutôt.",
  invitationInvalid: "Ce lien d’invitation n’est plus valable. Demandez-en un nouveau.",
  pageTitle: "Impossible de charger cette page",
  pageBody: "Sillage redémarre peut-être. Réessayez dans un instant.",
};
