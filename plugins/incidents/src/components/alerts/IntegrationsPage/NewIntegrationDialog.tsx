import { useState } from 'react';
import TextField from '@material-ui/core/TextField';
import { useApi } from '@backstage/core-plugin-api';
import { incidentsApiRef } from '../../../api/incidents';
import { useAction } from '../../../hooks';
import {
  CreatedIntegration,
  INTEGRATION_TYPES,
  IntegrationType,
} from '@lookout/plugin-incidents-common';
import { CatalogEntityPicker } from '../../shared/CatalogEntityPicker';
import { ShownOnceDialog } from '../../shared/ShownOnce';
import { CreatedIntegrationView } from './CreatedIntegrationView';

const TYPE_LABELS: Record<IntegrationType, string> = {
  alertmanager: 'Prometheus Alertmanager',
  grafana: 'Grafana alerting',
  pagerduty: 'PagerDuty Events API v2',
  generic: 'Generic webhook',
  zendesk: 'Zendesk (support tickets)',
  intercom: 'Intercom (support conversations)',
  freshdesk: 'Freshdesk (support tickets)',
  support: 'Other helpdesk (support JSON)',
};

/** The kinds alerts are routed to, as on the Alerts tab. */
const ROUTABLE_KINDS = ['Component', 'Resource', 'API', 'System'];

/** Creates an integration key; once created, shows it and its sender configuration. */
export function NewIntegrationDialog(props: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const incidentsApi = useApi(incidentsApiRef);
  const [name, setName] = useState('');
  const [type, setType] = useState<IntegrationType>('alertmanager');
  const [entityRef, setEntityRef] = useState<string | null>(null);
  const [groupRef, setGroupRef] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedIntegration>();
  const { run, busy, error, clearError } = useAction(props.onCreated);

  // The key must not linger in memory or reappear when the dialog is opened again.
  const close = () => {
    setName('');
    setType('alertmanager');
    setEntityRef(null);
    setGroupRef(null);
    clearError();
    setCreated(undefined);
    props.onClose();
  };

  const create = () =>
    run(async () =>
      setCreated(
        await incidentsApi.createIntegration({
          name: name.trim(),
          type,
          entityRef: entityRef ?? undefined,
          groupRef: groupRef ?? undefined,
        }),
      ),
    );

  return (
    <ShownOnceDialog
      open={props.open}
      id="new-integration-title"
      title={
        created ? `Integration ${created.integration.name}` : 'New integration'
      }
      shown={created && <CreatedIntegrationView created={created} />}
      error={error}
      canCreate={!busy && Boolean(name.trim())}
      onCreate={create}
      onClose={close}
    >
      <TextField
        id="integration-name"
        label="Name"
        required
        fullWidth
        margin="normal"
        value={name}
        inputProps={{ maxLength: 100 }}
        onChange={e => setName(e.target.value)}
      />
      <TextField
        id="integration-type"
        label="Sender"
        select
        fullWidth
        margin="normal"
        SelectProps={{ native: true }}
        value={type}
        onChange={e => setType(e.target.value as IntegrationType)}
      >
        {INTEGRATION_TYPES.map(value => (
          <option key={value} value={value}>
            {TYPE_LABELS[value]}
          </option>
        ))}
      </TextField>
      <CatalogEntityPicker
        id="integration-entity"
        label="Entity"
        kinds={ROUTABLE_KINDS}
        helperText="Every alert goes to this entity; leave empty to route by labels"
        value={entityRef}
        onChange={setEntityRef}
      />
      <CatalogEntityPicker
        id="integration-group"
        label="Team"
        kinds={['Group']}
        helperText="Where alerts that match nothing more specific go"
        value={groupRef}
        onChange={setGroupRef}
      />
    </ShownOnceDialog>
  );
}
