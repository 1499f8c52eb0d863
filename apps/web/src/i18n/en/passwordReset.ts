export const passwordReset = {
  forgotLink: "Forgot password?",
  forgotSubtitle: "We will e-mail you a link to choose a new one.",
  send: "Send the link",
  sent: "If an account uses {{email}}, a link valid for one hour is on its way.",
  newPassword: "New password",
  confirmation: "Confirm it",
  mismatch: "The two passwords differ.",
  askAgain: "Ask for a new link",
  done: "Password changed: sign in with the new one.",
};
