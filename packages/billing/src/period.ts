/** Billing periods: from the billing day of one month (UTC midnight) to the same day of the next. */
export interface Period {
  start: Date;
  end: Date;
  /** `YYYY-MM-DD` of the start: the period's key in the ledger. */
  key: string;
}

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

export function periodAt(billingDay: number, now: Date): Period {
  let y = now.getUTCFullYear();
  let m = now.getUTCMonth();
  if (now.getUTCDate() < billingDay) {
    m -= 1;
    if (m < 0) {
      m = 11;
      y -= 1;
    }
  }
  const start = utc(y, m, billingDay);
  const end = utc(y, m + 1, billingDay);
  return { start, end, key: start.toISOString().slice(0, 10) };
}

export function previousPeriod(p: Period): Period {
  const s = p.start;
  const start = utc(s.getUTCFullYear(), s.getUTCMonth() - 1, s.getUTCDate());
  return { start, end: p.start, key: start.toISOString().slice(0, 10) };
}

/** Days 29–31 do not exist every month: billing days are 1–28. */
export const billingDayOf = (d: Date) => Math.min(d.getUTCDate(), 28);
