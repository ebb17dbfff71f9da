import { KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import { DependencyGraphTypes } from '@backstage/core-components';
import { HIDDEN_ENTITY, shortRef } from '../ImpactPath';
import { BlastRadiusNodeData } from './graphModel';

/** Nearer is hotter: the root, then one, two, three and four or more hops away. */
export const DISTANCE_BANDS = [
  'This entity',
  '1 hop',
  '2 hops',
  '3 hops',
  '4+ hops',
] as const;

export const bandOf = (distance: number) =>
  Math.min(distance, DISTANCE_BANDS.length - 1);

export const useNodeStyles = makeStyles(theme => {
  const fills = [
    theme.palette.primary.main,
    theme.palette.error.main,
    theme.palette.warning.main,
    theme.palette.warning.light,
    theme.palette.grey[400],
  ];
  const band = (index: number) => ({
    fill: fills[index],
    stroke: fills[index],
    '& + text': { fill: theme.palette.getContrastText(fills[index]) },
  });
  return {
    band0: band(0),
    band1: band(1),
    band2: band(2),
    band3: band(3),
    band4: band(4),
    swatch0: { backgroundColor: fills[0] },
    swatch1: { backgroundColor: fills[1] },
    swatch2: { backgroundColor: fills[2] },
    swatch3: { backgroundColor: fills[3] },
    swatch4: { backgroundColor: fills[4] },
    hidden: {
      fill: theme.palette.grey[200],
      stroke: theme.palette.grey[500],
      strokeDasharray: '4 3',
      '& + text': { fill: theme.palette.text.secondary, fontStyle: 'italic' },
    },
    customerFacing: {
      stroke: theme.palette.text.primary,
      strokeWidth: 3,
    },
    link: {
      cursor: 'pointer',
      outline: 'none',
      '&:focus-visible rect, &:hover rect': {
        stroke: theme.palette.text.primary,
        strokeWidth: 3,
      },
    },
  };
});

const PADDING = 8;

export interface BlastRadiusNodeProps {
  node: DependencyGraphTypes.DependencyNode<BlastRadiusNodeData>;
  /** Opens an entity's page; the root and hidden hops are not links. */
  onOpen: (entityRef: string) => void;
}

/** One entity in the graph, coloured by its distance, a link to its page. */
export function BlastRadiusNode(props: BlastRadiusNodeProps) {
  const { node, onOpen } = props;
  const classes = useNodeStyles();
  const textRef = useRef<SVGTextElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });

  // The layout needs each node's size; measure the rendered label as Backstage's own nodes do.
  useLayoutEffect(() => {
    const box = textRef.current?.getBBox();
    if (!box) return;
    const width = Math.round(box.width);
    const height = Math.round(box.height);
    if (width !== size.width || height !== size.height) {
      setSize({ width, height });
    }
  }, [size]);

  const { entityRef, distance, customerFacing } = node;
  const label = entityRef ? shortRef(entityRef) : HIDDEN_ENTITY;
  const hops = `${distance} ${distance === 1 ? 'hop' : 'hops'}`;
  const described = [
    label,
    distance === 0 ? 'this entity' : hops,
    ...(customerFacing ? ['customer-facing'] : []),
  ].join(', ');
  const shape = entityRef
    ? classes[`band${bandOf(distance)}` as 'band0']
    : classes.hidden;
  const width = size.width + PADDING * 2;
  const height = size.height + PADDING * 2;

  const content = (
    <>
      <rect
        className={`${shape} ${customerFacing ? classes.customerFacing : ''}`}
        width={width}
        height={height}
        rx={8}
      />
      <text
        ref={textRef}
        x={width / 2}
        y={height / 2}
        textAnchor="middle"
        alignmentBaseline="middle"
      >
        {label}
      </text>
      <title>{entityRef ?? HIDDEN_ENTITY}</title>
    </>
  );

  if (!entityRef || distance === 0) {
    return (
      <g role="img" aria-label={described}>
        {content}
      </g>
    );
  }
  const open = () => onOpen(entityRef);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open();
    }
  };
  return (
    <g
      role="link"
      tabIndex={0}
      aria-label={described}
      className={classes.link}
      onClick={open}
      onKeyDown={onKeyDown}
    >
      {content}
    </g>
  );
}
