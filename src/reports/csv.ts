import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | null | undefined;

/**
 * Every CSV file Heard writes goes through here. Spreadsheets run a cell that
 * starts with = + - @ (or a tab or carriage return) as a formula, and such
 * text can come from anyone: a team's name, a line of an imported file. Those
 * cells get a leading single quote, as OWASP advises against CSV injection;
 * numbers stay numbers (a negative number is not a formula). RFC 4180 quoting
 * and CRLF line ends, with a byte-order mark so Excel reads UTF-8.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((r) => r.map((v) => v ?? '')),
    // quote_record_delimiter: a lone CR or LF inside a cell is quoted too (by default, once a record
    // delimiter is chosen, only that delimiter is), so a line break in a value cannot start a new row.
    { bom: true, record_delimiter: 'windows', quote_record_delimiter: true, escape_formulas: true },
  );
}
