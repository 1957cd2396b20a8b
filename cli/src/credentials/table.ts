/** A plain, aligned table: a header row, then one row per item; the last column is not padded. */
export function renderTable(header: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return empty;
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column < row.length - 1 ? cell.padEnd(widths[column] ?? 0) : cell))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** A timestamp as a person reads it in a table: the date and minute, in UTC. */
export function shortTime(iso: string | null, none = 'never'): string {
  if (iso === null) return none;
  return `${iso.slice(0, 16).replace('T', ' ')}Z`;
}
