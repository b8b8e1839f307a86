import ExcelJS from 'exceljs';
import { DEFINITIONS } from './definitions.ts';
import type { ReportModel } from './model.ts';
import { reportTables } from './sections.ts';
import { editionNotice } from './publication-notice.ts';

/** The whole report as one workbook: a sheet per table, and the definitions. */
export async function reportWorkbook(model: ReportModel, councilName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = councilName;
  wb.title = `Feedback report ${model.periods[2]!.period.label}`;
  // First, which edition this is: exact figures must not be mistaken for the published ones.
  const about = wb.addWorksheet('about');
  for (const line of editionNotice(model.publication ?? null)) about.addRow([line]);
  about.getRow(1).font = { bold: true };
  about.columns = [{ width: 120 }];
  for (const t of reportTables(model)) {
    const ws = wb.addWorksheet(t.name.slice(0, 31));
    ws.addRow([t.caption]).font = { bold: true };
    ws.addRow(t.head).font = { bold: true };
    for (const r of t.rows) ws.addRow(r);
    ws.columns.forEach((c, i) => (c.width = i === 0 ? 40 : 16));
  }
  const defs = wb.addWorksheet('definitions');
  defs.addRow(['Measure', 'Definition']).font = { bold: true };
  for (const d of DEFINITIONS) defs.addRow([d.measure, d.definition]);
  defs.columns = [{ width: 30 }, { width: 120 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
