// Aligned text columns for terminal output. Widths count code points, so "Ðogecoin" or an emoji
// takes one column, as most terminals show them.

export function textWidth(text: string): number {
  return [...text].length;
}

/** Pads every cell to its column's width; `rightAligned[i]` puts column i's padding on the left. */
export function alignColumns(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string[] {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(0, ...rows.map((row) => textWidth(row[column] ?? ""))),
  );
  return rows.map((row) =>
    row
      .map((cell, column) => {
        const pad = " ".repeat((widths[column] ?? 0) - textWidth(cell));
        return rightAligned[column] ? pad + cell : cell + pad;
      })
      .join("  ")
      .trimEnd(),
  );
}
