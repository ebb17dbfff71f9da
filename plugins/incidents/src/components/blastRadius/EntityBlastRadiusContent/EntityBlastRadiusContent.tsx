import { useState } from 'react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  BLAST_RADIUS_LIMITS,
  BlastRadiusDirection,
} from '@lookout/plugin-incidents-common';
import { useBlastRadius } from '../../../hooks';
import { ProbableCausePaths } from '../ProbableCausePaths';
import { BlastRadiusGraph } from './BlastRadiusGraph';
import { BlastRadiusSummary } from './BlastRadiusSummary';
import { BlastRadiusTable } from './BlastRadiusTable';

/** Depths offered, up to the backend's maximum. */
const DEPTHS = [1, 2, 3, 4, 5, 6, 8, 10, 15, 20];
const DEFAULT_DEPTH = BLAST_RADIUS_LIMITS.defaultMaxDepth;

/**
 * The Blast radius tab: what an incident on this entity would hurt, or where a problem on it may
 * come from, as a graph of the nearest entities and a table of all of them; upstream, with the
 * paths to the probable causes of its open incidents first.
 */
export function EntityBlastRadiusContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const [direction, setDirection] =
    useState<BlastRadiusDirection>('downstream');
  const [maxDepth, setMaxDepth] = useState<number>(DEFAULT_DEPTH);
  const { value, error, loading } = useBlastRadius({
    entityRef,
    direction,
    maxDepth,
  });

  let content;
  if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (loading || !value) {
    content = <Progress />;
  } else {
    content = (
      <>
        {direction === 'upstream' && (
          <ProbableCausePaths entityRef={entityRef} />
        )}
        <InfoCard>
          <BlastRadiusSummary blastRadius={value} />
          {value.impacted.length > 0 && (
            <BlastRadiusGraph blastRadius={value} />
          )}
        </InfoCard>
        <Box mt={2}>
          <BlastRadiusTable blastRadius={value} />
        </Box>
      </>
    );
  }

  return (
    <>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        mb={2}
        style={{ gap: 16 }}
      >
        <ToggleButtonGroup
          size="small"
          exclusive
          aria-label="Direction"
          value={direction}
          // an exclusive group reports null when the pressed button is pressed again; keep it
          onChange={(_, next: BlastRadiusDirection | null) =>
            next && setDirection(next)
          }
        >
          <ToggleButton
            value="downstream"
            aria-label="What it hurts (downstream)"
            title="What an incident on this entity would hurt"
          >
            What it hurts
          </ToggleButton>
          <ToggleButton
            value="upstream"
            aria-label="Probable causes (upstream)"
            title="What this entity depends on, where a problem on it may start"
          >
            Probable causes
          </ToggleButton>
        </ToggleButtonGroup>
        <TextField
          id="blast-radius-depth"
          select
          size="small"
          variant="outlined"
          label="Depth"
          value={maxDepth}
          onChange={e => setMaxDepth(Number(e.target.value))}
          style={{ minWidth: 120 }}
        >
          {DEPTHS.map(depth => (
            <MenuItem key={depth} value={depth}>
              {depth} {depth === 1 ? 'hop' : 'hops'}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {content}
    </>
  );
}
