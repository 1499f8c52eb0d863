export const validation = {
  required: "This field is required.",
  email: "Enter a valid email address.",
  passwordMin: "At least {{count}} characters.",
};
