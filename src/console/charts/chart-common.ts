/** What the console's charts share: their colours, a point's shape, the text a screen reader hears. Pure. */

/** A value on a chart with its label and its value as the page writes it ("42%", "4,5"). */
export interface ChartPoint {
  label: string;
  value: number;
  text: string;
  /** The label's language when it is not the page's (a person's words). */
  lang?: string;
}

/**
 * Colours, with at least 3:1 against the white page for shapes (WCAG 1.4.11) and 4.5:1 for text:
 * the console's brand blue (10.4:1), a red for what needs attention (6.5:1; always with a word as
 * well, never colour alone), near-black text, a grey axis.
 */
export const COLORS = { bar: '#1d3f8f', highlight: '#b3261e', highlightInk: '#8c1d18', ink: '#0b0c0e', axis: '#6b7280', grid: '#d1d5db' } as const;

/** "Español: 40%; English: 75%": every point, for the chart's <desc>. */
export function chartDescription(points: readonly ChartPoint[]): string {
  return points.map((p) => `${p.label}: ${p.text}`).join('; ');
}

/** A label cut to `max` characters (with "…"), so it fits its column; the table has it whole. */
export function fit(label: string, max: number): string {
  const chars = [...label];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : label;
}
