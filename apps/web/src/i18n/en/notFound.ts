export const notFound = {
  title: "Page not found",
  body: "This address does not match any page of Sillage.",
  back: "Back to the schedule",
};
