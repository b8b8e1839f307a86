import { createRequire } from 'node:module';
import { procedureLabel } from '../domain/procedures/registry.ts';
import { formatMonth } from '../domain/calendar/iso-date.ts';
import { FEEDBACK_TYPE_LABELS, FEEDBACK_TYPES, OUTCOME_LABELS, STAGE_LABELS } from '../domain/cases/vocabulary.ts';
import type { ReportModel } from './model.ts';
import { textWidthEm } from './text-width.ts';

/**
 * The report's charts, drawn on the server as SVG (no JavaScript in the
 * browser). Every chart is shown beside the table of the same numbers, for
 * people who cannot see it and for members who want the figures.
 */
export interface Chart {
  name: string;
  /** The table it draws (the table's `chart`): a table with several procedures has a chart for each. */
  group: string;
  title: string;
  /** What the chart shows, in words: its alt text in the Word document. */
  description: string;
  svg: string;
}

type EChartsOption = Record<string, unknown>;
interface SsrChart {
  setOption(option: EChartsOption): void;
  getZr(): {
    painter: { renderToString(opts: { cssAnimation: boolean; cssEmphasis: boolean; useViewBox: boolean }): string };
  };
  dispose(): void;
}
/**
 * How ECharts measures text on the server, where it has no canvas: by Arial's widths, made an eighth wider, as the
 * PNG for Word is drawn in DejaVu Sans (about that much wider than Arial). Measured too narrow, a legend's names run
 * into the next entry and long axis labels are cut at the chart's edge.
 */
const DRAWN_WIDER = 1.125;
function measureText(text: string, font?: string): { width: number } {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);
  return { width: textWidthEm(text, /bold|[6-9]00/.test(font ?? '')) * size * DRAWN_WIDER };
}

// echarts' type file uses `export =`, which TypeScript will not import into an ES module; the few calls used
// here are typed by hand instead. It is loaded on the first chart, from its CommonJS build: one file, which
// takes about a fifth of the time its ES modules (hundreds of files) take to load (ADR 0013).
interface Echarts {
  init(dom: null, theme: null, opts: { renderer: 'svg'; ssr: true; width: number; height: number }): SsrChart;
  setPlatformAPI(api: { measureText: typeof measureText }): void;
}
let loaded: Echarts | undefined;
const echarts = (): Echarts => {
  if (!loaded) {
    loaded = createRequire(import.meta.url)('echarts') as Echarts;
    loaded.setPlatformAPI({ measureText });
  }
  return loaded;
};

/**
 * GOV.UK colours with at least 3:1 contrast against white (WCAG 1.4.11). Series that only name something (a year, a
 * type) take these, none of them red or green, which would read as bad or good; each series also has its own pattern,
 * so colour is never the only way to tell them apart.
 */
const COLOURS = ['#1d70b8', '#912b88', '#505a5f', '#4c2c92', '#b58840', '#28a197'];
/** Colours that mean something, used only where they do. */
export const MEANING = { met: '#1d70b8', extension: '#5694ca', missed: '#d4351c' } as const;
/** ECharts' decal patterns, one per series: the second and later series are hatched, dotted or crossed. */
const PATTERNS = [
  { symbol: 'none' },
  { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 5], rotation: Math.PI / 4, color: 'rgba(255,255,255,0.75)' },
  { symbol: 'circle', symbolSize: 0.8, dashArrayX: [[4, 4]], dashArrayY: [4, 0], color: 'rgba(255,255,255,0.8)' },
  { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 5], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.75)' },
  { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: 0, color: 'rgba(255,255,255,0.75)' },
  { symbol: 'rect', dashArrayX: [[2, 3]], dashArrayY: [2, 3], color: 'rgba(255,255,255,0.75)' },
];
const pattern = (i: number) => ({ decal: PATTERNS[i % PATTERNS.length] });

function render(option: EChartsOption, width = 640, height = 320): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    color: COLOURS,
    // Patterns (ECharts' decals) are drawn only with these on.
    aria: { enabled: true, decal: { show: true } },
    textStyle: { fontFamily: 'Arial, sans-serif', fontSize: 13, color: '#0b0c0c' },
    ...option,
  });
  // A still picture: no hover highlights or animations. ECharts' renderToSVGString always asks for
  // hover highlights, which come as a <style> element of `:hover` rules in every chart, and the
  // page's Content-Security-Policy (style-src 'self') blocks that element. The SVG painter takes the switch.
  const svg = chart.getZr().painter.renderToString({ cssAnimation: false, cssEmphasis: false, useViewBox: true });
  chart.dispose();
  // The CSP forbids inline style attributes too: SVG takes the same properties as attributes.
  return svg.replace(/ style="([^"]*)"/g, (_m: string, css: string) =>
    css
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [k, ...v] = d.split(':');
        return ` ${k!.trim()}="${v.join(':').trim().replace(/"/g, '&quot;')}"`;
      })
      .join(''),
  );
}

interface Series {
  name?: string;
  data: (number | null)[];
}

/** The chart's figures in words, category by category, for its alt text. */
function describe(kind: string, categories: string[], series: Series[]): string {
  const value = (v: number | null) => (v === null ? 'no data' : v.toLocaleString('en-GB'));
  const parts = categories.map((c, i) =>
    series.length === 1
      ? `${c} ${value(series[0]!.data[i] ?? null)}`
      : `${c}: ${series.map((s) => `${s.name} ${value(s.data[i] ?? null)}`).join(', ')}`,
  );
  return `${kind}. ${parts.join('; ')}.`;
}

/**
 * The value axis: room above the tallest bar for its label, so a label never meets the legend or the chart's edge,
 * ending on a round number with round steps (1, 2 or 5 times a power of ten).
 */
function valueAxis(series: Series[], stacked: boolean) {
  const tops = stacked
    ? (series[0]?.data ?? []).map((_, i) => sum(series.map((s) => s.data[i] ?? 0)))
    : series.flatMap((s) => s.data.map((v) => v ?? 0));
  const wanted = Math.max(1, ...tops) * 1.15;
  const raw = wanted / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power);
  return { type: 'value', minInterval: 1, interval: step, max: Math.ceil(wanted / step) * step };
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Bars up the page, one per category, in one or more series; each series patterned and each bar labelled. */
function columnChart(categories: string[], series: Series[], opts: { fontSize?: number; stacked?: boolean } = {}) {
  const many = series.length > 1;
  return render({
    ...(many ? { legend: { top: 0, itemWidth: 24, itemHeight: 14, itemGap: 16 } } : {}),
    grid: { left: 10, right: 10, top: many ? 44 : 16, bottom: 10, containLabel: true },
    xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, fontSize: opts.fontSize ?? 12 } },
    yAxis: valueAxis(series, !!opts.stacked),
    series: series.map((s, i) => ({
      name: s.name,
      type: 'bar',
      data: s.data,
      itemStyle: pattern(i),
      label: { show: true, position: 'top', fontSize: many ? 10 : 12 },
    })),
  });
}

/** Bars across the page with long category names (teams, services) shown whole, wrapped at spaces. */
function barChart(categories: string[], series: Series[], stacked: boolean) {
  const many = series.length > 1;
  const height = Math.max(160, 30 * categories.length + (many ? 80 : 40));
  return render(
    {
      ...(many ? { legend: { top: 0, itemWidth: 24, itemHeight: 14, itemGap: 16 } } : {}),
      grid: { left: 10, right: 40, top: many ? 44 : 10, bottom: 10, containLabel: true },
      xAxis: valueAxis(series, stacked),
      yAxis: {
        type: 'category',
        data: categories,
        axisLabel: { width: 230, overflow: 'break', fontSize: 12, lineHeight: 14 },
      },
      series: series.map((s, i) => ({
        name: s.name,
        type: 'bar',
        ...(stacked ? { stack: 'all' } : {}),
        data: s.data,
        itemStyle: pattern(i),
        // Stacked segments are named by the legend and their pattern; only the total is written at the end.
        label: stacked ? { show: false } : { show: true, position: 'right' },
      })),
    },
    640,
    height,
  );
}

/** Feedback received each month of the latest period: the dashboard's one chart, drawn without the others. */
export function monthChart(model: ReportModel): Chart {
  const now = model.periods[2]!;
  const months = now.byMonth.map((m) => formatMonth(m.month, 'short'));
  const byMonth = [{ name: 'Cases', data: now.byMonth.map((m) => m.count) }];
  return {
    name: 'by-month',
    group: 'by-month',
    title: `Feedback received by month, ${now.period.label}`,
    description: describe('Column chart of cases received each month', months, byMonth),
    svg: columnChart(months, byMonth, { fontSize: 10 }),
  };
}

export function reportCharts(model: ReportModel): Chart[] {
  const [p0, p1, now] = model.periods;
  const years = [p0!.period.label, p1!.period.label, now!.period.label];
  const charts: Chart[] = [];
  const add = (
    name: string,
    title: string,
    kind: string,
    categories: string[],
    series: Series[],
    svg: string,
    group = name,
  ) => charts.push({ name, group, title, description: describe(kind, categories, series), svg });

  charts.push(monthChart(model));

  const shown = FEEDBACK_TYPES.filter((t) => model.periods.some((p) => p.byType[t] > 0));
  const typeNames = shown.map((t) => FEEDBACK_TYPE_LABELS[t]);
  const byType = model.periods.map((p, i) => ({
    name: years[i],
    data: shown.map((t) => (p.dataHeld ? p.byType[t] : null)),
  }));
  add(
    'by-type',
    `Feedback received by type, ${years[0]} to ${years[2]}`,
    'Column chart of feedback by type, one column a year',
    typeNames,
    byType,
    columnChart(typeNames, byType, { fontSize: 11 }),
  );

  if (model.longRun.length) {
    const runTypes = FEEDBACK_TYPES.filter((t) => model.longRun.some((y) => y.byType[t] > 0));
    const runYears = model.longRun.map((y) => y.period.label);
    const series = runTypes.map((t) => ({
      name: FEEDBACK_TYPE_LABELS[t],
      data: model.longRun.map((y) => (y.held === false ? null : y.byType[t])),
    }));
    add(
      'long-run',
      `Feedback received by type over ${model.longRun.length} years, ${runYears[0]} to ${runYears[runYears.length - 1]}`,
      'Stacked bar chart of feedback by type, one bar a year (years with no data held have no bar)',
      runYears,
      series,
      barChart(runYears, series, true),
    );
  }

  const teams = now!.byTeam.slice(0, 12);
  const teamSeries = [{ name: 'Complaints', data: teams.map((t) => t.count) }];
  add(
    'by-team',
    `Complaints by lead team, ${now!.period.label}${now!.byTeam.length > 12 ? ' (the 12 teams with most)' : ''}`,
    'Bar chart of complaints by team',
    teams.map((t) => t.label),
    teamSeries,
    barChart(
      teams.map((t) => t.label).reverse(),
      teamSeries.map((s) => ({ ...s, data: [...s.data].reverse() })),
      false,
    ),
  );

  const areas = now!.byServiceArea.slice(0, 12);
  const areaTypes = FEEDBACK_TYPES.filter((t) => areas.some((a) => a.byType[t] > 0));
  const areaSeries = areaTypes.map((t) => ({ name: FEEDBACK_TYPE_LABELS[t], data: areas.map((a) => a.byType[t]) }));
  add(
    'by-service-area',
    `Feedback by service area and type, ${now!.period.label}`,
    'Stacked bar chart of feedback by the service area of its lead team, split by type',
    areas.map((a) => a.label),
    areaSeries,
    barChart(
      areas.map((a) => a.label).reverse(),
      areaSeries.map((s) => ({ ...s, data: [...s.data].reverse() })),
      true,
    ),
  );

  const outcomeNames = now!.outcomes.byOutcome.map((o) => OUTCOME_LABELS[o.outcome]);
  const outcomeSeries = [{ name: 'Investigations', data: now!.outcomes.byOutcome.map((o) => o.count) }];
  add(
    'outcomes',
    `Outcomes of Stage 1 investigations answered, ${now!.period.label}`,
    'Column chart of Stage 1 investigations by outcome',
    outcomeNames,
    outcomeSeries,
    columnChart(outcomeNames, outcomeSeries),
  );

  // One chart per procedure, its stages side by side: a stage's bar is only ever read against its own procedure's.
  const procedures = [...new Set(now!.timescales.map((t) => t.procedure))];
  for (const procedure of procedures) {
    const rows = now!.timescales.filter((t) => t.procedure === procedure);
    const stages = rows.map((t) => STAGE_LABELS[t.stage]);
    const series = [
      { name: 'Within timescale', data: rows.map((t) => t.metBase), colour: MEANING.met },
      { name: 'Within extension', data: rows.map((t) => t.metExtension), colour: MEANING.extension },
      { name: 'Missed', data: rows.map((t) => t.missed), colour: MEANING.missed },
    ];
    add(
      `timescales-${procedure}`,
      `${procedureLabel(procedure)} responses against timescales by stage, ${now!.period.label}`,
      `Stacked column chart of ${procedureLabel(procedure)} responses by stage: within timescale, within an extension, or missed`,
      stages,
      series,
      render({
        legend: { top: 0, itemWidth: 24, itemHeight: 14, itemGap: 16 },
        grid: { left: 10, right: 10, top: 44, bottom: 10, containLabel: true },
        xAxis: { type: 'category', data: stages, axisLabel: { interval: 0 } },
        yAxis: valueAxis(series, true),
        // A segment too thin for its number leaves it to the table beside; numbers never overprint.
        labelLayout: { hideOverlap: true },
        series: series.map((s, i) => ({
          name: s.name,
          type: 'bar',
          stack: 't',
          data: s.data.map((v) => v || null),
          itemStyle: { color: s.colour, ...pattern(i) },
          // Each segment says its number, on a white box so it can be read over any colour or pattern.
          label: {
            show: true,
            position: 'inside',
            color: '#0b0c0c',
            backgroundColor: '#ffffff',
            padding: [1, 3],
            fontSize: 11,
          },
        })),
      }),
      'timescales',
    );
  }
  return charts;
}

/** The charts of each table, by the table's `chart`. */
export function chartsByGroup(charts: Chart[]): Record<string, Chart[]> {
  const out: Record<string, Chart[]> = {};
  for (const c of charts) (out[c.group] ??= []).push(c);
  return out;
}
