/**
 * A line chart drawn on the server as SVG (a value over time: the average rating per day), under
 * the same rules as the bar chart: no script, no style attribute, an image named by its <title>
 * and described by a <desc> with every point, and the numbers again in a table on the page.
 * Time runs left to right in every language, as in the charts of the languages shipped. Pure.
 */
import { COLORS, type ChartPoint } from './chart-common';
import { ChartSvg } from './chart-svg';

const WIDTH = 480;
const HEIGHT = 220;
const LEFT = 36;
const RIGHT = 24;
const TOP = 16;
const BOTTOM = 44;

/**
 * The chart: `points` in order along the x axis (their labels under the first, the last and a few
 * between), the y axis from `min` to `max` with a line at each of `ticks` (written by `tickText`).
 */
export function LineChart(props: { id: string; title: string; points: ChartPoint[]; min: number; max: number; ticks: number[]; tickText?: (n: number) => string; class?: string }): JSX.Element {
  const { id, points, min, max } = props;
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const xOf = (i: number) => LEFT + (points.length > 1 ? (i / (points.length - 1)) * plotW : plotW / 2);
  const yOf = (v: number) => TOP + plotH - ((Math.min(max, Math.max(min, v)) - min) / (max - min || 1)) * plotH;
  const round = (n: number) => Math.round(n * 10) / 10;
  // At most 5 labels under the axis: the first, the last, and evenly between.
  const every = Math.max(1, Math.ceil(points.length / 5));
  const labelled = new Set(points.map((_, i) => i).filter((i) => i % every === 0 || i === points.length - 1));
  const tickText = props.tickText ?? String;
  return (
    <ChartSvg id={id} kind="line" class={props.class} width={WIDTH} height={HEIGHT} title={props.title} points={points}>
      {props.ticks.map((t) => (
        <g class="chart-tick">
          <line x1={LEFT} x2={WIDTH - RIGHT} y1={round(yOf(t))} y2={round(yOf(t))} stroke={COLORS.grid} stroke-width="1" />
          <text x={LEFT - 8} y={round(yOf(t))} dominant-baseline="middle" text-anchor="end" fill={COLORS.ink} font-size="14" safe>
            {tickText(t)}
          </text>
        </g>
      ))}
      <line x1={LEFT} x2={WIDTH - RIGHT} y1={TOP + plotH} y2={TOP + plotH} stroke={COLORS.axis} stroke-width="1" />
      {points.length > 1 ? <polyline points={points.map((p, i) => `${round(xOf(i))},${round(yOf(p.value))}`).join(' ')} fill="none" stroke={COLORS.bar} stroke-width="3" stroke-linejoin="round" /> : ''}
      {points.map((p, i) => (
        <g class="chart-point" data-label={p.label} data-value={String(p.value)}>
          <circle cx={round(xOf(i))} cy={round(yOf(p.value))} r="5" fill={COLORS.bar} />
          {labelled.has(i) ? (
            <text x={round(xOf(i))} y={HEIGHT - BOTTOM + 22} text-anchor={points.length > 1 && i === 0 ? 'start' : points.length > 1 && i === points.length - 1 ? 'end' : 'middle'} fill={COLORS.ink} font-size="14" safe>
              {p.label}
            </text>
          ) : (
            ''
          )}
        </g>
      ))}
    </ChartSvg>
  );
}
