import { FormEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Alert from '@material-ui/lab/Alert';
import {
  ImportPlan,
  ImportVendor,
  oncallManagePermission,
} from '@lookout/plugin-incidents-common';
import { importApiRef } from '../../../api/import';
import { useAction } from '../../../hooks';
import { ConfirmDialog } from '../../shared/ConfirmDialog';
import { IncidentsLayout } from '../../shared/IncidentsLayout';
import { PermittedAction } from '../../shared/PermittedAction';
import { ImportPlanView } from './ImportPlanView';

const VENDORS: Array<[ImportVendor, string]> = [
  ['pagerduty', 'PagerDuty'],
  ['opsgenie', 'Opsgenie'],
];

/**
 * Moving in from PagerDuty or Opsgenie (`/incidents/oncall/import`): a dry run lists every
 * object, what it becomes, what is not exact and how each schedule matches the vendor's own
 * rendering over 8 weeks; apply writes it and proves it again on what Lookout stored. The token
 * stays in this form for the run and is never stored.
 */
export function ImportPage() {
  const importApi = useApi(importApiRef);
  const [vendor, setVendor] = useState<ImportVendor>('pagerduty');
  const [apiUrl, setApiUrl] = useState('');
  const [token, setToken] = useState('');
  const [defaultOwnerRef, setDefaultOwnerRef] = useState('');
  const [plan, setPlan] = useState<ImportPlan>();
  const [confirming, setConfirming] = useState(false);
  const { run, busy, error } = useAction(() => {});

  const request = {
    ...(apiUrl.trim() ? { apiUrl: apiUrl.trim() } : {}),
    ...(token ? { token } : {}),
    ...(defaultOwnerRef.trim()
      ? { defaultOwnerRef: defaultOwnerRef.trim() }
      : {}),
  };
  // a plan stands for the settings it was made with; changing them asks for a new dry run
  const changed = () => setPlan(undefined);

  const dryRun = (event: FormEvent) => {
    event.preventDefault();
    run(async () => setPlan(await importApi.plan(vendor, request)));
  };
  // the dialog shows the backend's message if applying fails, and closes once it is written
  const apply = async () => {
    setPlan(await importApi.apply(vendor, request));
    setConfirming(false);
  };
  const vendorName = VENDORS.find(([v]) => v === vendor)![1];

  return (
    <IncidentsLayout
      selected="oncall"
      subtitle="Import schedules and escalation policies"
    >
      <InfoCard title="Import from PagerDuty or Opsgenie">
        <form onSubmit={dryRun} aria-label="Import settings">
          <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
            <TextField
              id="import-vendor"
              select
              label="From"
              value={vendor}
              onChange={e => {
                setVendor(e.target.value as ImportVendor);
                changed();
              }}
              style={{ minWidth: 160 }}
            >
              {VENDORS.map(([value, label]) => (
                <MenuItem key={value} value={value}>
                  {label}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              id="import-token"
              label={vendor === 'pagerduty' ? 'API token' : 'API key'}
              type="password"
              autoComplete="off"
              value={token}
              onChange={e => {
                setToken(e.target.value);
                changed();
              }}
              helperText="For this run only; empty uses the configured one"
              style={{ minWidth: 260 }}
            />
            <TextField
              id="import-api-url"
              label="API URL"
              value={apiUrl}
              onChange={e => {
                setApiUrl(e.target.value);
                changed();
              }}
              helperText={`Empty for ${vendorName}'s public API`}
              style={{ minWidth: 260 }}
            />
            <TextField
              id="import-default-owner"
              label="Default owner"
              placeholder="group:default/platform"
              value={defaultOwnerRef}
              onChange={e => {
                setDefaultOwnerRef(e.target.value);
                changed();
              }}
              helperText="Owns what no team or service maps to"
              style={{ minWidth: 240 }}
            />
          </Box>
          <Box display="flex" mt={2} style={{ gap: 8 }}>
            <PermittedAction permission={oncallManagePermission}>
              <Button
                type="submit"
                variant="outlined"
                color="primary"
                disabled={busy}
              >
                Dry run
              </Button>
            </PermittedAction>
            <PermittedAction permission={oncallManagePermission}>
              <Button
                variant="contained"
                color="primary"
                disabled={busy || !plan || plan.mode !== 'plan'}
                onClick={() => setConfirming(true)}
              >
                Apply
              </Button>
            </PermittedAction>
          </Box>
        </form>
        {busy && (
          <Typography role="status" style={{ marginTop: 16 }}>
            Reading {vendorName} and rendering every schedule over 8 weeks…
          </Typography>
        )}
        {error && (
          <Box mt={2}>
            <Alert severity="error">{error}</Alert>
          </Box>
        )}
      </InfoCard>
      {plan && (
        <Box mt={2}>
          <ImportPlanView plan={plan} />
        </Box>
      )}
      <ConfirmDialog
        id="import-apply"
        open={confirming}
        title={`Import from ${vendorName}?`}
        confirmLabel="Apply"
        onConfirm={apply}
        onClose={() => setConfirming(false)}
      >
        Schedules, overrides and escalation policies are created or updated as
        the dry run lists them. What someone edited in Lookout since an earlier
        import is left as it is.
      </ConfirmDialog>
    </IncidentsLayout>
  );
}
