import { FormEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { DateTime } from 'luxon';
import { oncallManagePermission } from '@lookout/plugin-incidents-common';
import { CatalogEntityPicker } from '../CatalogEntityPicker';
import { PermittedAction } from '../PermittedAction';

/** What `datetime-local` inputs read and write: the viewer's local time, to the minute. */
const LOCAL_FORMAT = "yyyy-MM-dd'T'HH:mm";

function defaults() {
  const start = DateTime.now().startOf('hour').plus({ hours: 1 });
  return {
    startsAt: start.toFormat(LOCAL_FORMAT),
    endsAt: start.plus({ hours: 8 }).toFormat(LOCAL_FORMAT),
  };
}

function toIso(local: string): string | undefined {
  const time = DateTime.fromISO(local);
  return time.isValid ? time.toUTC().toISO() ?? undefined : undefined;
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
  const [times, setTimes] = useState(defaults);
  const [userRef, setUserRef] = useState<string | null>(null);
  const [replaces, setReplaces] = useState<string | null>(null);
  const startsAt = toIso(times.startsAt);
  const endsAt = toIso(times.endsAt);
  const ordered = Boolean(startsAt && endsAt && endsAt > startsAt);

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
      setTimes(defaults());
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
        <TextField
          id="override-starts"
          label="From"
          type="datetime-local"
          InputLabelProps={{ shrink: true }}
          value={times.startsAt}
          onChange={e => setTimes({ ...times, startsAt: e.target.value })}
        />
        <TextField
          id="override-ends"
          label="To"
          type="datetime-local"
          InputLabelProps={{ shrink: true }}
          value={times.endsAt}
          error={!ordered}
          helperText={ordered ? undefined : 'Must be after the start'}
          onChange={e => setTimes({ ...times, endsAt: e.target.value })}
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
