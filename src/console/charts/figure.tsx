/**
 * A chart with its numbers: a heading, the SVG, a sentence saying what it counts, and the same
 * figures in a table inside <details> ("Show the numbers"), so whoever cannot see the chart, or
 * wants the exact values, reads them there. Pure.
 */
import type { Children } from '@kitajs/html';
import { TableHead } from '../markup/table-head';

/** One row of a chart's table: the label (in its own language when given) and its cells. */
export interface FigureRow {
  label: string;
  lang?: string;
  cells: string[];
  highlight?: boolean;
}

/**
 * `empty`: what to say instead of the chart and its table when there is no row (an empty chart
 * and an empty table say nothing, or seem to say zero).
 */
export function ChartFigure(props: { id: string; title: string; description?: string; showNumbers: string; columns: string[]; rows: FigureRow[]; empty?: string; children: Children }): JSX.Element {
  const empty = !props.rows.length && props.empty !== undefined;
  return (
    <figure class="chart-figure" id={`${props.id}-figure`} aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>
        <span class="chart-caption" safe>
          {props.title}
        </span>
        {props.description ? (
          <span class="hint chart-hint" safe>
            {props.description}
          </span>
        ) : (
          ''
        )}
      </figcaption>
      {empty ? (
        <p class="empty" safe>
          {props.empty}
        </p>
      ) : (
        <>
          {props.children}
          <details class="chart-numbers">
            <summary safe>{props.showNumbers}</summary>
            <table class="table chart-table" id={`${props.id}-table`}>
              <TableHead caption={props.title} columns={props.columns} />
              <tbody>
                {props.rows.map((r) => (
                  <tr class={r.highlight ? 'row-highlight' : undefined}>
                    <th scope="row" data-label={props.columns[0]} lang={r.lang} safe>
                      {r.label}
                    </th>
                    {r.cells.map((c, i) => (
                      <td data-label={props.columns[i + 1]} safe>
                        {c}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
