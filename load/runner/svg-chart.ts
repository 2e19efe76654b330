/**
 * A time-series line chart as inline SVG text (no script, no CDN): axes, grid, one polyline per
 * series, dashed vertical markers for faults, and a legend. Step series draw states (breakers, pools).
 */
export interface ChartSeries {
  name: string;
  points: readonly (readonly [number, number | null])[];
  /** Draw as steps (a state holds until the next sample). */
  step?: boolean;
}

export interface ChartMarker {
  t: number;
  label: string;
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  series: readonly ChartSeries[];
  markers?: readonly ChartMarker[];
  /** Seconds on the x axis. */
  xMax: number;
  /** Fixed y range top (e.g. 2 for breaker states); default from the data. */
  yMax?: number;
  /** Labels for y values (e.g. 0 closed, 1 open, 2 half-open). */
  yLabels?: Record<number, string>;
}

const W = 760;
const H = 240;
const PAD = { left: 64, right: 16, top: 28, bottom: 56 };
export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (v: number): string => (Math.round(v * 10) / 10).toString();

export function renderChart(spec: ChartSpec): string {
  const values = spec.series.flatMap((s) => s.points.map(([, v]) => v)).filter((v): v is number => v !== null);
  const yMax = spec.yMax ?? niceMax(values.length === 0 ? 1 : Math.max(...values));
  const xMax = Math.max(1, spec.xMax);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (t: number): number => PAD.left + (Math.min(t, xMax) / xMax) * plotW;
  const y = (v: number): number => PAD.top + plotH - (Math.min(v, yMax) / yMax) * plotH;

  const parts: string[] = [];
  parts.push(`<text x="${PAD.left}" y="18" class="title">${esc(spec.title)}</text>`);
  const yTicks = spec.yLabels ? Object.keys(spec.yLabels).map(Number) : [0, 0.25, 0.5, 0.75, 1].map((f) => f * yMax);
  for (const v of yTicks) {
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${num(y(v))}" y2="${num(y(v))}"/>`);
    const label = spec.yLabels?.[v] ?? `${formatTick(v)}${spec.unit ? ` ${spec.unit}` : ''}`;
    parts.push(`<text class="tick" x="${PAD.left - 6}" y="${num(y(v) + 4)}" text-anchor="end">${esc(label)}</text>`);
  }
  for (let i = 0; i <= 5; i++) {
    const t = (xMax * i) / 5;
    parts.push(`<text class="tick" x="${num(x(t))}" y="${H - PAD.bottom + 16}" text-anchor="middle">${Math.round(t)} s</text>`);
  }
  parts.push(`<line class="axis" x1="${PAD.left}" x2="${W - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}"/>`);
  for (const m of spec.markers ?? []) {
    parts.push(
      `<g class="marker"><line x1="${num(x(m.t))}" x2="${num(x(m.t))}" y1="${PAD.top}" y2="${PAD.top + plotH}"/><text x="${num(x(m.t) + 3)}" y="${PAD.top + 10}">${esc(m.label)}</text></g>`,
    );
  }
  spec.series.forEach((series, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    for (const segment of segments(series)) {
      const coords: string[] = [];
      segment.forEach(([t, v], k) => {
        if (series.step && k > 0) coords.push(`${num(x(t))},${num(y(segment[k - 1]![1]))}`);
        coords.push(`${num(x(t))},${num(y(v))}`);
      });
      parts.push(
        `<polyline class="series" data-series="${esc(series.name)}" fill="none" stroke="${color}" stroke-width="1.8" points="${coords.join(' ')}"/>`,
      );
    }
    const lx = PAD.left + (i % 4) * 170;
    const ly = H - 18 + Math.floor(i / 4) * 14 - (spec.series.length > 4 ? 10 : 0);
    parts.push(
      `<rect x="${lx}" y="${ly - 8}" width="10" height="10" fill="${color}"/><text class="legend" x="${lx + 14}" y="${ly + 1}">${esc(series.name)}</text>`,
    );
  });
  return `<svg class="chart" id="${esc(spec.id)}" data-points="${values.length}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(spec.title)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

/** Runs of consecutive non-null points (a missing reading breaks the line). */
function segments(series: ChartSeries): [number, number][][] {
  const out: [number, number][][] = [];
  let current: [number, number][] = [];
  for (const [t, v] of series.points) {
    if (v === null) {
      if (current.length > 0) out.push(current);
      current = [];
    } else current.push([t, v]);
  }
  if (current.length > 0) out.push(current);
  return out;
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

function formatTick(v: number): string {
  if (v >= 1e6) return `${num(v / 1e6)}M`;
  if (v >= 1e3) return `${num(v / 1e3)}k`;
  return num(v);
}
