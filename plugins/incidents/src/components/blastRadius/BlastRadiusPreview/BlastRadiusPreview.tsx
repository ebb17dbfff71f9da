import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import { errorMessage } from '../../../api';
import { useBlastRadius } from '../../../hooks';

export interface BlastRadiusPreviewProps {
  /** The origin of the incident about to be declared. */
  entityRef: string;
}

/**
 * What declaring on an entity will touch: how much is hit downstream and which teams will hear
 * of it. Advisory only: when it cannot be fetched it says so and nothing else changes.
 */
export function BlastRadiusPreview(props: BlastRadiusPreviewProps) {
  const { value, error, loading } = useBlastRadius({
    entityRef: props.entityRef,
    direction: 'downstream',
  });

  let content;
  if (error) {
    content = (
      <Typography variant="body2" color="textSecondary">
        The blast radius could not be worked out ({errorMessage(error)}). You
        can still declare.
      </Typography>
    );
  } else if (loading || !value) {
    content = <LinearProgress aria-label="Working out the blast radius" />;
  } else {
    const count = `${value.total}${value.cutoff ? '+' : ''}`;
    content = (
      <>
        <Typography variant="body2">
          {count} {value.total === 1 ? 'entity' : 'entities'} impacted ·{' '}
          {value.customerFacing.length} customer-facing
        </Typography>
        <Typography variant="body2">
          Teams who will be told:{' '}
          {value.owners.length > 0 ? (
            <EntityRefLinks entityRefs={value.owners} hideIcons />
          ) : (
            'none in the catalog'
          )}
        </Typography>
      </>
    );
  }

  return (
    <Box mt={2} role="group" aria-label="Blast radius">
      <Typography variant="subtitle2">Blast radius</Typography>
      {content}
    </Box>
  );
}
