// The one table shape every page uses: a keyboard-scrollable, labelled region (narrow screens scroll
// it sideways) with column headers; pages supply the rows. "num" columns are right-aligned figures.
import type { ReactNode } from "react";

export type Column = string | { label: string; num?: boolean; hidden?: boolean };

export function DataTable({ label, columns, children }: { label: string; columns: Column[]; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table>
        <thead>
          <tr>
            {columns.map((c) => {
              const col = typeof c === "string" ? { label: c } : c;
              return (
                <th key={col.label} scope="col" className={col.num ? "num" : undefined}>
                  {col.hidden ? <span className="visually-hidden">{col.label}</span> : col.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
