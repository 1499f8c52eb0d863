export const invite = {
  title: "Join a workspace",
  signedInSubtitle: "You are signed in as {{name}}. Accept the invitation to join the workspace.",
  accept: "Accept the invitation",
  notYou: "Not you?",
  signupSubtitle: "You have been invited to a Sillage workspace. Create your account to join it.",
  loginToAccept: "Sign in to accept",
  signupAndJoin: "Create my account and join",
};
