/**
 * A horizontal bar chart drawn on the server as SVG: no script, no library, nothing the CSP
 * refuses (presentation attributes such as fill and width, never a style attribute). Pure: the
 * same bars give the same markup. Accessible: the SVG is an image named by its <title> and
 * described by a <desc> that reads every bar's label and value; the page puts the same numbers in
 * a table (ChartFigure). Right-to-left pages get the chart mirrored (labels on the right, bars
 * growing leftwards); the SVG itself is laid out left to right, so anchors mean what they say.
 */
import { COLORS, fit, type ChartPoint } from './chart-common';
import { ChartSvg } from './chart-svg';

/** One bar: its label, its value (what its length shows), the value as the page writes it. */
export interface Bar extends ChartPoint {
  /** Drawn in the highlight colour and marked with `mark` (never colour alone). */
  highlight?: boolean;
}

// A narrow drawing, scaled to its column: its text stays readable on a phone (the table has every figure too).
const WIDTH = 480;
const LABEL_W = 140;
const VALUE_W = 115;
/** A generous width of one character of the values (font-size 14), to leave room for the longest. */
const CHAR_W = 8;
const GAP = 8;
const ROW_H = 30;
const BAR_H = 20;
const PAD = 8;

/**
 * The chart. `max` is the value of a full bar (1 for rates; the largest value by default);
 * `mark` is what follows a highlighted bar's value ("◀ least engaged").
 */
export function BarChart(props: { id: string; title: string; bars: Bar[]; max?: number; dir: 'ltr' | 'rtl'; mark?: string; class?: string }): JSX.Element {
  const { id, bars, dir } = props;
  const max = props.max ?? Math.max(0, ...bars.map((b) => b.value));
  const height = PAD * 2 + Math.max(1, bars.length) * ROW_H;
  const valueText = (b: Bar) => (b.highlight && props.mark ? `${b.text} ${props.mark}` : b.text);
  // Room after the longest bar for the longest value ("75% (9/12) least engaged"), so none is cut off.
  const valueW = Math.min(WIDTH / 2, Math.max(VALUE_W, ...bars.map((b) => valueText(b).length * CHAR_W)));
  const area = WIDTH - LABEL_W - valueW - GAP * 2;
  const rtl = dir === 'rtl';
  // x of a box of width w that starts at `from` measured from the chart's start side.
  const x = (from: number, w: number) => (rtl ? WIDTH - from - w : from);
  const anchor = (side: 'start' | 'end') => ((side === 'end') !== rtl ? 'end' : 'start');
  return (
    <ChartSvg
      id={id}
      kind="bars"
      class={props.class}
      width={WIDTH}
      height={height}
      title={props.title}
      points={bars.map((b) => ({ ...b, text: b.highlight && props.mark ? `${b.text} (${props.mark})` : b.text }))}
    >
      <line x1={x(LABEL_W + GAP, 0)} x2={x(LABEL_W + GAP, 0)} y1={PAD / 2} y2={height - PAD / 2} stroke={COLORS.axis} stroke-width="1" />
      {bars.map((b, i) => {
        const y = PAD + i * ROW_H;
        const w = max > 0 ? Math.max(0, Math.min(1, b.value / max)) * area : 0;
        const barStart = LABEL_W + GAP;
        const valueAt = barStart + w + GAP;
        return (
          <g class={b.highlight ? 'chart-row chart-row-highlight' : 'chart-row'} data-label={b.label} data-value={String(b.value)}>
            <text x={rtl ? WIDTH - LABEL_W : LABEL_W} y={y + BAR_H / 2 + 1} dominant-baseline="middle" text-anchor={anchor('end')} fill={COLORS.ink} font-size="14" lang={b.lang} safe>
              {fit(b.label, 16)}
            </text>
            <rect x={x(barStart, Math.max(w, 1))} y={y} width={Math.max(w, 1)} height={BAR_H} fill={b.highlight ? COLORS.highlight : COLORS.bar} rx="2" />
            <text
              x={rtl ? WIDTH - valueAt : valueAt}
              y={y + BAR_H / 2 + 1}
              dominant-baseline="middle"
              text-anchor={anchor('start')}
              fill={b.highlight ? COLORS.highlightInk : COLORS.ink}
              font-size="14"
              font-weight={b.highlight ? '700' : '400'}
              class="chart-value"
              safe
            >
              {valueText(b)}
            </text>
          </g>
        );
      })}
    </ChartSvg>
  );
}
