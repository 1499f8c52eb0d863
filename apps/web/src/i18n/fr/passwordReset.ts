import type { passwordReset as en } from "../en/passwordReset";
import type { Messages } from "../types";

export const passwordReset: Messages<typeof en> = {
  forgotLink: "Mot de passe oublié ?",
  forgotSubtitle: "Recevez par e-mail un lien pour en choisir un nouveau.",
  send: "Envoyer le lien",
  sent: "Si un compte utilise {{email}}, un lien valable une heure est en route.",
  newPassword: "Nouveau mot de passe",
  confirmation: "Confirmez-le",
  mismatch: "Les deux mots de passe diffèrent.",
  askAgain: "Demander un nouveau lien",
  done: "Mot de passe changé : connectez-vous avec le nouveau.",
};
