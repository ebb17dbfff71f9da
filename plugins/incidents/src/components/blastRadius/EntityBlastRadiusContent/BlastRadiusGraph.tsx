import { useCallback, useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  DependencyGraph,
  DependencyGraphTypes,
} from '@backstage/core-components';
import { useAppNavigate } from '@backstage/frontend-plugin-api';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { BlastRadius } from '@lookout/plugin-incidents-common';
import {
  BlastRadiusNode,
  DISTANCE_BANDS,
  useNodeStyles,
} from './BlastRadiusNode';
import {
  BlastRadiusEdgeData,
  BlastRadiusNodeData,
  MAX_GRAPH_NODES,
  toGraphModel,
} from './graphModel';

const useStyles = makeStyles(theme => ({
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  item: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
  swatch: { width: 14, height: 14, borderRadius: 3 },
  outlined: {
    border: `3px solid ${theme.palette.text.primary}`,
    backgroundColor: theme.palette.background.paper,
  },
  dashed: {
    border: `1px dashed ${theme.palette.grey[500]}`,
    backgroundColor: theme.palette.grey[200],
  },
}));

function Legend() {
  const classes = useStyles();
  const node = useNodeStyles();
  const swatches = DISTANCE_BANDS.map((label, band) => ({
    label,
    className: node[`swatch${band}` as 'swatch0'],
  }));
  return (
    <ul className={classes.legend} aria-label="Legend">
      {[
        ...swatches,
        { label: 'Customer-facing', className: classes.outlined },
        { label: 'Hidden from you', className: classes.dashed },
      ].map(({ label, className }) => (
        <li key={label} className={classes.item}>
          <span className={`${classes.swatch} ${className}`} />
          <Typography variant="caption">{label}</Typography>
        </li>
      ))}
    </ul>
  );
}

/**
 * The root and what it reaches, laid out left to right by distance on Backstage's own graph;
 * a node opens its entity's page.
 */
export function BlastRadiusGraph(props: { blastRadius: BlastRadius }) {
  const { blastRadius } = props;
  // DependencyGraph lays out again whenever nodes or edges change identity; build them once.
  const model = useMemo(() => toGraphModel(blastRadius), [blastRadius]);
  const navigate = useAppNavigate();
  const entityLink = useEntityRefLink();
  const open = useCallback(
    (entityRef: string) => navigate(entityLink(entityRef)),
    [navigate, entityLink],
  );
  const renderNode = useCallback(
    (nodeProps: DependencyGraphTypes.RenderNodeProps<BlastRadiusNodeData>) => (
      <BlastRadiusNode node={nodeProps.node} onOpen={open} />
    ),
    [open],
  );

  return (
    <Box>
      <Box mb={1}>
        <Legend />
      </Box>
      {model.omitted > 0 && (
        <Typography variant="body2" color="textSecondary" paragraph>
          The graph shows the nearest {MAX_GRAPH_NODES} of{' '}
          {blastRadius.impacted.length} entities; the table below lists them
          all.
        </Typography>
      )}
      <Box height={480} role="group" aria-label="Blast radius graph">
        <DependencyGraph<BlastRadiusNodeData, BlastRadiusEdgeData>
          nodes={model.nodes}
          edges={model.edges}
          renderNode={renderNode}
          direction={DependencyGraphTypes.Direction.LEFT_RIGHT}
          // ranks follow distance on these trees; the simplest ranker is also the fastest
          ranker={DependencyGraphTypes.Ranker.LONGEST_PATH}
          labelPosition={DependencyGraphTypes.LabelPosition.CENTER}
          nodeMargin={12}
          rankMargin={80}
          paddingX={16}
          paddingY={16}
          showArrowHeads
          fit="contain"
          // a wheel over the graph should scroll the page until the reader chooses to zoom
          zoom="enable-on-click"
        />
      </Box>
    </Box>
  );
}
