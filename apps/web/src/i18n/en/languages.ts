export const languages = {
  fr: "Français",
  en: "English",
};
