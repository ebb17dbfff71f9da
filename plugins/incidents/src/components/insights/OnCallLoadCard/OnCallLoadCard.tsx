import Box from '@material-ui/core/Box';
import { InfoCard } from '@backstage/core-components';
import { IncidentInsights } from '@lookout/plugin-incidents-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { FigureTable } from '../FigureTable';

const LOAD_HEADERS = [
  'Business',
  'Off hours',
  'Sleep',
  'Total',
  'Nights with a page',
];

const nameOf = (ref: string | null) =>
  ref ? ref.replace(/^[^:]+:(default\/)?/, '') : '—';

/** Pages per person and per team by the hour on each person's clock, as bars and tables. */
export function OnCallLoadCard(props: {
  load: IncidentInsights['onCallLoad'];
  filename: string;
}) {
  const { load } = props;
  const people = load.people.map(p => ({ ...p, name: nameOf(p.userRef) }));
  return (
    <InfoCard title="On-call load" subheader={load.definition}>
      <Box height={240}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={people}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Bar
              dataKey="business"
              name="Business"
              stackId="hours"
              fill="#2ca02c"
            />
            <Bar
              dataKey="off"
              name="Off hours"
              stackId="hours"
              fill="#ff7f0e"
            />
            <Bar dataKey="sleep" name="Sleep" stackId="hours" fill="#d62728" />
          </BarChart>
        </ResponsiveContainer>
      </Box>
      <FigureTable
        label="On-call load per person"
        filename={`${props.filename}-people.csv`}
        headers={['Person', 'Time zone', ...LOAD_HEADERS]}
        rows={load.people.map(p => [
          nameOf(p.userRef),
          p.timeZone,
          p.business,
          p.off,
          p.sleep,
          p.total,
          p.nightsWithPage,
        ])}
        csvRows={load.people.map(p => [
          p.userRef,
          p.timeZone,
          p.business,
          p.off,
          p.sleep,
          p.total,
          p.nightsWithPage,
        ])}
      />
      <FigureTable
        label="On-call load per team"
        filename={`${props.filename}-teams.csv`}
        headers={['Team', ...LOAD_HEADERS]}
        rows={load.teams.map(t => [
          nameOf(t.teamRef),
          t.business,
          t.off,
          t.sleep,
          t.total,
          t.nightsWithPage,
        ])}
        csvRows={load.teams.map(t => [
          t.teamRef,
          t.business,
          t.off,
          t.sleep,
          t.total,
          t.nightsWithPage,
        ])}
      />
    </InfoCard>
  );
}
