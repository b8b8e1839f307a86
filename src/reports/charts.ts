import { createRequire } from 'node:module';
import { procedureLabel } from '../domain/procedures/registry.ts';
import { formatMonth } from '../domain/calendar/iso-date.ts';
import { FEEDBACK_TYPE_LABELS, FEEDBACK_TYPES, OUTCOME_LABELS } from '../domain/cases/vocabulary.ts';
import type { ReportModel } from './model.ts';

/**
 * The report's charts, drawn on the server as SVG (no JavaScript in the
 * browser). Every chart is shown beside the table of the same numbers, for
 * people who cannot see it and for members who want the figures.
 */
export interface Chart {
  name: string;
  title: string;
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
// echarts' type file uses `export =`, which TypeScript will not import into an ES module; the few calls used
// here are typed by hand instead. It is loaded on the first chart, from its CommonJS build: one file, which
// takes about a fifth of the time its ES modules (hundreds of files) take to load (ADR 0013).
interface Echarts {
  init(dom: null, theme: null, opts: { renderer: 'svg'; ssr: true; width: number; height: number }): SsrChart;
}
let loaded: Echarts | undefined;
const echarts = (): Echarts => (loaded ??= createRequire(import.meta.url)('echarts') as Echarts);

// GOV.UK colours with enough contrast against white.
const COLOURS = ['#1d70b8', '#f47738', '#00703c', '#4c2c92', '#d4351c', '#505a5f'];

function render(option: EChartsOption, width = 640, height = 320): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    color: COLOURS,
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

export function reportCharts(model: ReportModel): Chart[] {
  const [p0, p1, now] = model.periods;
  const years = [p0!.period.label, p1!.period.label, now!.period.label];
  const charts: Chart[] = [];
  charts.push({
    name: 'by-month',
    title: `Feedback by month, ${now!.period.label}`,
    svg: render({
      grid: { left: 50, right: 20, top: 20, bottom: 40 },
      xAxis: {
        type: 'category',
        data: now!.byMonth.map((m) => formatMonth(m.month, 'short')),
        axisLabel: { interval: 0, fontSize: 10 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: now!.byMonth.map((m) => m.count), label: { show: true, position: 'top' } }],
    }),
  });
  const shown = FEEDBACK_TYPES.filter((t) => model.periods.some((p) => p.byType[t] > 0));
  charts.push({
    name: 'by-type',
    title: 'Feedback by type over three years',
    svg: render({
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: shown.map((t) => FEEDBACK_TYPE_LABELS[t]), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: model.periods.map((p, i) => ({ name: years[i], type: 'bar', data: shown.map((t) => p.byType[t]) })),
    }),
  });
  if (model.longRun.length) {
    const runTypes = FEEDBACK_TYPES.filter((t) => model.longRun.some((y) => y.byType[t] > 0));
    charts.push({
      name: 'long-run',
      title: `Feedback by type over ${model.longRun.length} years`,
      svg: render({
        legend: { top: 0 },
        grid: { left: 50, right: 20, top: 40, bottom: 40 },
        xAxis: {
          type: 'category',
          data: model.longRun.map((y) => y.period.label),
          axisLabel: { interval: 0, fontSize: 11 },
        },
        yAxis: { type: 'value', minInterval: 1 },
        series: runTypes.map((t) => ({
          name: FEEDBACK_TYPE_LABELS[t],
          type: 'bar',
          data: model.longRun.map((y) => (y.held === false ? null : y.byType[t])),
        })),
      }),
    });
  }
  const teams = now!.byTeam.slice(0, 12).reverse();
  charts.push({
    name: 'by-team',
    title: `Complaints by team, ${now!.period.label}`,
    svg: render(
      {
        grid: { left: 260, right: 40, top: 10, bottom: 30 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: teams.map((t) => t.label), axisLabel: { width: 250, overflow: 'truncate' } },
        series: [{ type: 'bar', data: teams.map((t) => t.count), label: { show: true, position: 'right' } }],
      },
      640,
      Math.max(160, 28 * teams.length + 40),
    ),
  });
  const areas = now!.byServiceArea.slice(0, 12).reverse();
  const areaTypes = FEEDBACK_TYPES.filter((t) => areas.some((a) => a.byType[t] > 0));
  charts.push({
    name: 'by-service-area',
    title: `Feedback by service area and type, ${now!.period.label}`,
    svg: render(
      {
        legend: { top: 0 },
        grid: { left: 260, right: 40, top: 40, bottom: 30 },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: areas.map((a) => a.label), axisLabel: { width: 250, overflow: 'truncate' } },
        series: areaTypes.map((t) => ({
          name: FEEDBACK_TYPE_LABELS[t],
          type: 'bar',
          stack: 'types',
          data: areas.map((a) => a.byType[t]),
        })),
      },
      640,
      Math.max(180, 28 * areas.length + 70),
    ),
  });
  charts.push({
    name: 'outcomes',
    title: `Outcomes of Stage 1 investigations, ${now!.period.label}`,
    svg: render({
      grid: { left: 50, right: 20, top: 20, bottom: 40 },
      xAxis: {
        type: 'category',
        data: now!.outcomes.byOutcome.map((o) => OUTCOME_LABELS[o.outcome]),
        axisLabel: { interval: 0 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', data: now!.outcomes.byOutcome.map((o) => o.count), label: { show: true, position: 'top' } },
      ],
    }),
  });
  charts.push({
    name: 'timescales',
    title: `Stage 1 responses against timescales, ${now!.period.label}`,
    svg: render({
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: now!.timescales.map((t) => procedureLabel(t.procedure)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: 'Within timescale', type: 'bar', stack: 't', data: now!.timescales.map((t) => t.metBase) },
        { name: 'Within extension', type: 'bar', stack: 't', data: now!.timescales.map((t) => t.metExtension) },
        { name: 'Missed', type: 'bar', stack: 't', data: now!.timescales.map((t) => t.missed) },
      ],
    }),
  });
  return charts;
}
