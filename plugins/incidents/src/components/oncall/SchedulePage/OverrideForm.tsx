import { FormEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { DateTime } from 'luxon';
import { oncallManagePermission } from '@lookout/plugin-incidents-common';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { PermittedAction } from '../../shared/PermittedAction';
import { TimeRangeFields, useTimeRange } from '../../shared/TimeRangeFields';

/** An override starts at the next full hour and lasts a working day unless changed. */
function defaults() {
  const start = DateTime.now().startOf('hour').plus({ hours: 1 });
  return { start, end: start.plus({ hours: 8 }) };
}

/** Adds an override; resolves true when it was created, to clear the form. */
export function OverrideForm(props: {
  busy: boolean;
  onCreate: (override: {
    userRef: string;
    startsAt: string;
    endsAt: string;
    replacesUserRef?: string;
  }) => Promise<boolean>;
}) {
  const range = useTimeRange(defaults);
  const [userRef, setUserRef] = useState<string | null>(null);
  const [replaces, setReplaces] = useState<string | null>(null);
  const { startsAt, endsAt, ordered } = range;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!userRef || !startsAt || !endsAt || !ordered) return;
    const created = await props.onCreate({
      userRef,
      startsAt,
      endsAt,
      ...(replaces ? { replacesUserRef: replaces } : {}),
    });
    if (created) {
      range.reset();
      setUserRef(null);
      setReplaces(null);
    }
  };

  return (
    <Box component="form" aria-label="Add override" onSubmit={submit} mt={2}>
      <CatalogEntityPicker
        id="override-user"
        label="Who covers"
        kinds={['User']}
        value={userRef}
        onChange={setUserRef}
      />
      <CatalogEntityPicker
        id="override-replaces"
        label="For whom (optional)"
        kinds={['User']}
        value={replaces}
        onChange={setReplaces}
      />
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        <TimeRangeFields
          range={range}
          idPrefix="override"
          startLabel="From"
          endLabel="To"
        />
      </Box>
      <Box mt={1}>
        <PermittedAction permission={oncallManagePermission}>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={props.busy || !userRef || !ordered}
          >
            Add override
          </Button>
        </PermittedAction>
      </Box>
    </Box>
  );
}
