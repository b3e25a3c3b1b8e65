/**
 * The frame every console chart is drawn in: an SVG image named by its <title> and described by a
 * <desc> that reads every point (chartDescription), laid out left to right whatever the page's
 * direction (a chart that mirrors for right-to-left pages does so itself), scaled to its column.
 */
import type { Children } from '@kitajs/html';
import { chartDescription, type ChartPoint } from './chart-common';

export function ChartSvg(props: { id: string; kind: 'bars' | 'line'; class?: string; width: number; height: number; title: string; points: readonly ChartPoint[]; children: Children }): JSX.Element {
  const { id, kind } = props;
  return (
    <svg
      id={id}
      class={props.class ? `chart chart-${kind} ${props.class}` : `chart chart-${kind}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${props.width} ${props.height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      direction="ltr"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}-title`} safe>
        {props.title}
      </title>
      <desc id={`${id}-desc`} safe>
        {chartDescription(props.points)}
      </desc>
      {props.children}
    </svg>
  );
}
