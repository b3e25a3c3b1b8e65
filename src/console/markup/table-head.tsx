/**
 * Markup shared by the console's views and its charts (src/console/views, src/console/charts),
 * kept here so that neither folder imports the other's.
 */
/**
 * A data table's caption and column headings: the caption names the table for screen readers
 * (hidden, since the heading above says it on screen), and each column's heading is a th with
 * scope="col" (the phone-width layout repeats it before each cell, from the cells' data-label).
 */
export function TableHead(props: { caption: string; columns: string[] }): JSX.Element {
  return (
    <>
      <caption class="visually-hidden" safe>
        {props.caption}
      </caption>
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th scope="col" safe>
              {c}
            </th>
          ))}
        </tr>
      </thead>
    </>
  );
}
