/** Same keys as the English dictionary, any string values: fr.ts must have exactly en.ts's keys. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
