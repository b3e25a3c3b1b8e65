/**
 * The server-drawn charts (pure): what a screen reader hears (<title>, <desc> with every value),
 * bars as long as their values, the highlighted bar marked in words as well as colour, a mirrored
 * layout on right-to-left pages, text escaped, and nothing the CSP refuses (no style attribute).
 */
import { BarChart } from '../../../src/console/charts/bar-chart';
import { ChartFigure } from '../../../src/console/charts/figure';
import { LineChart } from '../../../src/console/charts/line-chart';

const widths = (svg: string) => [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => ({ x: Number(m[1]), w: Number(m[2]) }));

describe('BarChart', () => {
  const bars = [
    { label: 'English', value: 0.6, text: '60%' },
    { label: 'Vietnamese', value: 0.15, text: '15%', highlight: true },
  ];

  it('is an image named by its title and described by every value, with no style attribute', () => {
    const svg = String(BarChart({ id: 'c', title: 'Replied', bars, max: 1, dir: 'ltr', mark: 'least engaged' }));
    expect(svg).toContain('role="img" aria-labelledby="c-title c-desc"');
    expect(svg).toContain('<title id="c-title">Replied</title>');
    expect(svg).toContain('<desc id="c-desc">English: 60%; Vietnamese: 15% (least engaged)</desc>');
    expect(svg).toContain('>15% least engaged</text>');
    expect(svg).not.toContain('style=');
    const [en, vi] = widths(svg);
    expect(en.w / vi.w).toBeCloseTo(4, 5);
    expect(en.x).toBe(vi.x);
  });

  it('leaves room for the longest value after a full bar: "least engaged" is not cut off', () => {
    const full = [{ label: 'Spanish', value: 1, text: '100% (15/15)' }, { label: 'Vietnamese', value: 0.75, text: '75% (9/12)', highlight: true }];
    const svg = String(BarChart({ id: 'c', title: 't', bars: full, max: 1, dir: 'ltr', mark: 'least engaged' }));
    const [spanish] = widths(svg);
    const room = 480 - (spanish.x + spanish.w + 8);
    expect(room).toBeGreaterThanOrEqual('75% (9/12) least engaged'.length * 8);
  });

  it('mirrors on right-to-left pages: bars end at the same right edge and grow leftwards', () => {
    const ltr = widths(String(BarChart({ id: 'c', title: 't', bars, max: 1, dir: 'ltr' })));
    const rtl = widths(String(BarChart({ id: 'c', title: 't', bars, max: 1, dir: 'rtl' })));
    expect(rtl.map((b) => b.w)).toEqual(ltr.map((b) => b.w));
    expect(rtl[0].x + rtl[0].w).toBeCloseTo(rtl[1].x + rtl[1].w, 5);
    expect(rtl[0].x).toBeLessThan(rtl[1].x);
  });

  it('escapes what it is given', () => {
    const svg = String(BarChart({ id: 'c', title: '<b>', bars: [{ label: '<script>', value: 1, text: '1' }], dir: 'ltr' }));
    // In text, escaped; in a quoted attribute (data-label) a "<" is harmless, a quote would not be.
    expect(svg.replace(/="[^"]*"/g, '')).not.toContain('<script');
    expect(svg).toContain('>&lt;script></text>');
  });
});

describe('LineChart', () => {
  it('draws a point per value, higher values higher, described in words', () => {
    const svg = String(LineChart({ id: 'r', title: 'Average', points: [{ label: '3 Jun', value: 5, text: '5.0' }, { label: '4 Jun', value: 1, text: '1.0' }], min: 1, max: 5, ticks: [1, 5] }));
    expect(svg).toContain('<desc id="r-desc">3 Jun: 5.0; 4 Jun: 1.0</desc>');
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(2);
    expect(ys[0]).toBeLessThan(ys[1]);
    expect(svg).not.toContain('style=');
  });
});

describe('ChartFigure', () => {
  const figure = (rows: { label: string; cells: string[] }[]) =>
    String(
      ChartFigure({
        id: 'chart-replied',
        title: 'Replied',
        description: 'Of the people we messaged first, how many wrote back.',
        empty: 'Nobody was messaged first in these days.',
        showNumbers: 'Show the numbers',
        columns: ['Community', 'Share'],
        rows,
        children: BarChart({ id: 'chart-replied', title: 'Replied', bars: rows.map((r) => ({ label: r.label, value: 0.5, text: r.cells[0] })), max: 1, dir: 'ltr', mark: 'least engaged' }),
      }),
    );

  it('says there is nothing to count instead of drawing an empty chart and an empty table', () => {
    const empty = figure([]);
    expect(empty).toContain('<figcaption id="chart-replied-caption">');
    expect(empty).toContain('<p class="empty">Nobody was messaged first in these days.</p>');
    expect(empty).not.toContain('<svg');
    expect(empty).not.toContain('<details');
    const drawn = figure([{ label: 'Vietnamese', cells: ['50%'] }]);
    expect(drawn).toContain('<svg');
    expect(drawn).toContain('<details class="chart-numbers">');
    expect(drawn).not.toContain('class="empty"');
  });
});
