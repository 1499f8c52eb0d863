/** The cookie that carries a person's session token (set and cleared by the HTTP layer). */
export const SESSION_COOKIE = "sillage_session";
