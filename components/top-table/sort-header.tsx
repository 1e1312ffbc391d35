import type { SortKey, SortState } from "@/lib/ui/sort";

interface SortHeaderProps {
  column: SortKey;
  label: string;
  sort: SortState;
  onSort: (column: SortKey) => void;
  numeric?: boolean;
  className?: string;
}

/** A column header whose button sorts by it; aria-sort tells assistive tech the current order. */
export function SortHeader({ column, label, sort, onSort, numeric, className }: SortHeaderProps) {
  const active = sort.key === column;
  const ariaSort = active ? (sort.dir === "asc" ? "ascending" : "descending") : "none";
  const icon = active ? (sort.dir === "asc" ? "▲" : "▼") : "↕";
  return (
    <th
      scope="col"
      aria-sort={ariaSort}
      className={[numeric ? "num" : "", className ?? ""].join(" ").trim() || undefined}
    >
      <button type="button" className="sort-button" data-active={active || undefined} onClick={() => onSort(column)}>
        {label}
        <span className="sort-icon" aria-hidden="true">
          {icon}
        </span>
      </button>
    </th>
  );
}
