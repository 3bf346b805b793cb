// The columns of a kit DataTable: what each header says and how a row fills it.

export interface Column<Row> {
  label: string;
  /** Right-aligned figures (tabular digits). */
  numeric?: boolean;
  value: (row: Row) => string | number;
  /** Makes the cell a link-like button, say to open the setback a row is about. */
  open?: { label: (row: Row) => string; run: (row: Row) => void };
}
