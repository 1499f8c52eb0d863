import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

interface DataTableProps<Row> {
  rows: readonly Row[];
  /** Column headings; without them the table has no header row. */
  columns?: readonly ReactNode[];
  /** A last, unlabelled column for each row's buttons (its heading is for screen readers only). */
  actions?: boolean;
  /** The table's name for screen readers. */
  caption?: ReactNode;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  testId?: string;
  /** On a phone, each row becomes a card of labelled lines (cells carry `data-label`) instead of a table scrolled sideways. */
  stackOnPhone?: boolean;
  /** One `<tr>` (with its key) per row. */
  children: (row: Row) => ReactNode;
}

/** A list of records as a plain table: scrolls sideways on narrow screens, or stacks its rows (`stackOnPhone`). */
export function DataTable<Row>({ rows, columns, actions = false, caption, empty, testId, stackOnPhone = false, children }: DataTableProps<Row>) {
  const { t } = useTranslation();
  if (empty !== undefined && rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <div className={stackOnPhone ? "table-wrap table-wrap--stack" : "table-wrap"}>
      <table className="table" data-testid={testId}>
        {caption && <caption className="sr-only">{caption}</caption>}
        {columns && (
          <thead>
            <tr>
              {columns.map((column, i) => (
                <th scope="col" key={i}>
                  {column}
                </th>
              ))}
              {actions && (
                <th scope="col">
                  <span className="sr-only">{t("common.actions")}</span>
                </th>
              )}
            </tr>
          </thead>
        )}
        <tbody>{rows.map((row) => children(row))}</tbody>
      </table>
    </div>
  );
}
