import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline, Readable, Transform } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { COLUMN_BY_KEY, columnKey, IMPORT_COLUMNS } from '../domain/import/columns.ts';
import type { ImportProblem } from '../domain/import/row.ts';
import { DomainError } from './errors.ts';

/** The most rows one import takes: a larger history is imported a file at a time. */
export const MAX_IMPORT_ROWS = 100_000;

/**
 * Where the file's bytes are: in memory (an upload, within the page's 10 MB)
 * or on disk (the command line), which is read as a stream and never whole.
 */
export type ImportSource = { fileName: string; content: Buffer } | { fileName: string; path: string };

export interface ImportFileRow {
  /** The row's physical line in the file (a quoted value may span lines; empty lines are skipped). */
  line: number;
  /** The row's values keyed by the format's column names (unknown columns left out). */
  raw: Record<string, string>;
}

export interface ImportFile {
  /** Unknown or missing columns, at line 1. */
  headerProblems: ImportProblem[];
  /** The rows, one at a time: each pass over a file opens it again. */
  rows: AsyncIterable<ImportFileRow>;
  /** The file's SHA-256, once every row has been read. */
  sha256(): string;
}

/**
 * Opens a legacy file for one pass over its rows. A CSV is parsed as it is
 * read, so a 100,000-row file is never held in memory; an Excel workbook is a
 * zip read whole (exceljs), so very large histories are better given as CSV.
 */
export async function openImportFile(source: ImportSource): Promise<ImportFile> {
  const lower = source.fileName.toLowerCase();
  const hash = createHash('sha256');
  let records: AsyncIterator<{ cells: string[]; line: number }>;
  if (lower.endsWith('.xlsx')) {
    const content =
      'content' in source
        ? source.content
        : await readFile(source.path).catch((err: Error) => {
            throw new DomainError('IMPORT.BAD_FILE', `${source.fileName} could not be read: ${err.message}`, 'file');
          });
    hash.update(content);
    records = Readable.from(await xlsxRecords(source.fileName, content))[Symbol.asyncIterator]();
  } else if (lower.endsWith('.csv')) {
    const bytes = 'content' in source ? Readable.from([source.content]) : createReadStream(source.path);
    records = csvRecords(source.fileName, bytes, hash)[Symbol.asyncIterator]();
  } else {
    throw new DomainError('IMPORT.FILE_TYPE', 'Choose a .csv or .xlsx file', 'file');
  }
  const first = await records.next();
  if (first.done) throw new DomainError('IMPORT.EMPTY', `${source.fileName} is empty`, 'file');
  const { names, problems } = readHeader(first.value.cells);
  let digest: string | null = null;
  async function* rows(): AsyncGenerator<ImportFileRow> {
    let count = 0;
    try {
      for (let r = await records.next(); !r.done; r = await records.next()) {
        if (++count > MAX_IMPORT_ROWS)
          throw new DomainError(
            'IMPORT.TOO_BIG',
            `${source.fileName} has more than ${MAX_IMPORT_ROWS.toLocaleString('en-GB')} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString('en-GB')} at a time`,
            'file',
          );
        const raw: Record<string, string> = {};
        names.forEach((n, i) => {
          if (n) raw[n] = r.value.cells[i] ?? '';
        });
        yield { line: r.value.line, raw };
      }
    } finally {
      // A pass given up part way (a problem while writing) closes the file.
      await records.return?.();
    }
    digest = hash.digest('hex');
  }
  return {
    headerProblems: problems,
    rows: rows(),
    sha256: () => {
      if (digest === null) throw new Error('The file has not been read to its end');
      return digest;
    },
  };
}

/** The header's cells as the format's column names; an unknown or missing column is a problem at line 1. */
function readHeader(header: string[]): { names: (string | null)[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const names = header.map((h) => {
    const col = COLUMN_BY_KEY.get(columnKey(h));
    if (!col && h.trim())
      problems.push({
        line: 1,
        column: h,
        value: h,
        message: `Unknown column "${h}". See the import format for the column names.`,
      });
    return col?.name ?? null;
  });
  for (const c of IMPORT_COLUMNS.filter((c) => c.required))
    if (!names.includes(c.name))
      problems.push({
        line: 1,
        column: c.name,
        value: '',
        message: `The file has no "${c.name}" column, which is required`,
      });
  return { names, problems };
}

async function* csvRecords(
  fileName: string,
  bytes: Readable,
  hash: ReturnType<typeof createHash>,
): AsyncGenerator<{ cells: string[]; line: number }> {
  const hashed = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  // One pipeline: a failure reading the file reaches the parser (reported below), and a pass
  // given up part way destroys the parser, which closes the file.
  const parser = pipeline(
    bytes,
    hashed,
    parseCsv({ bom: true, skip_empty_lines: true, relax_column_count: false, info: true }),
    () => {},
  );
  try {
    for await (const r of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>)
      // The parser counts lines to a record's end: its first line is that less the line breaks inside its values.
      yield {
        cells: r.record,
        line: r.info.lines - r.record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0),
      };
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError('IMPORT.BAD_FILE', `${fileName} could not be read as CSV: ${(err as Error).message}`, 'file');
  }
}

async function xlsxRecords(fileName: string, content: Buffer): Promise<{ cells: string[]; line: number }[]> {
  // Loaded only for a spreadsheet: exceljs takes a while to load, and most imports are CSV (ADR 0013).
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new DomainError('IMPORT.BAD_FILE', `${fileName} is not a readable Excel (.xlsx) file`, 'file');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new DomainError('IMPORT.BAD_FILE', `${fileName} has no worksheet`, 'file');
  const out: { cells: string[]; line: number }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(cellText(row.getCell(c).value));
    out.push({ cells, line: row.number });
  });
  return out;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10); // exceljs gives Excel dates as UTC midnights
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
}
