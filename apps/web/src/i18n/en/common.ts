export const common = {
  secret: "Secret",
  copy: "Copy",
  copied: "Copied",
  done: "Done, I saved it",
  cancel: "Cancel",
  close: "Close",
  chooseFile: "Choose a file",
  noFile: "No file chosen",
  clearFile: "Remove the file",
  save: "Save",
  saving: "Saving…",
  loading: "Loading…",
  retry: "Try again",
  actions: "Actions",
  language: "Language",
  /** A moment less than a minute ago (Intl says "this minute"). */
  justNow: "just now",
  /** A moment less than a minute ahead. */
  inAMoment: "in a moment",
};
