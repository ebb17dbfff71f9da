import { AddressInfo } from 'node:net';
import { startIncidentsBackend } from '../../__testUtils__/backend';
import { createTestDatabases } from '../../__testUtils__/databases';
import { FakePagerDuty } from '../__testUtils__/FakePagerDuty';
import { importEntities } from '../__testUtils__/harness';
import { pagerDutyState } from '../__testUtils__/pagerDutyScenario';
import { runImportCli } from './importCli';

jest.setTimeout(120_000);

describe('npm run import', () => {
  const databases = createTestDatabases();
  let fake: FakePagerDuty;
  let apiUrl: string;

  beforeEach(async () => {
    fake = new FakePagerDuty(pagerDutyState(), 'from-env');
    apiUrl = await fake.start();
  });
  afterEach(() => fake.stop());

  async function run(args: string[], env: Record<string, string> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runImportCli(args, {
      env,
      stdout: line => out.push(line),
      stderr: line => err.push(line),
      fetch,
    });
    return { code, out, err, last: JSON.parse(out[out.length - 1]) };
  }

  it('explains its usage and ends with a JSON line when the arguments are wrong', async () => {
    const wrong = await run(['victorops', '--apply']);
    expect(wrong.code).toBe(2);
    expect(wrong.last.error).toContain('Expected pagerduty or opsgenie');
    const neither = await run(['pagerduty']);
    expect(neither.last.error).toBe(
      'Give --dry-run to plan or --apply to import',
    );
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('plans, then applies, through a running backend, ending with one JSON line', async () => {
      const server = await startIncidentsBackend(
        await databases.init(databaseId),
        { entities: importEntities },
      );
      const { port } = server.address() as AddressInfo;
      const backend = `http://127.0.0.1:${port}`;
      const env = { PAGERDUTY_TOKEN: 'from-env', LOOKOUT_BACKEND_URL: backend };

      const dry = await run(
        ['pagerduty', '--dry-run', '--api-url', apiUrl],
        env,
      );
      expect(dry.code).toBe(0);
      expect(dry.out).toHaveLength(1);
      expect(dry.last).toEqual({
        vendor: 'pagerduty',
        mode: 'dry-run',
        planned: expect.any(Number),
        imported: 0,
        skipped: expect.any(Number),
        unchanged: 0,
        fidelity: {
          'Checkout primary (PS1)': 100,
          'Data nights (PS2)': 100,
          'Weekend cover (PS3)': 100,
          'Payments round the clock (PS4)': 100,
        },
      });
      expect(dry.err.join('\n')).toContain(
        'skip      schedule Has a stranger (PS5) — members not in the catalog: ghost@elsewhere.test',
      );

      const applied = await run(
        ['pagerduty', '--apply', '--api-url', apiUrl],
        env,
      );
      expect(applied.last).toMatchObject({ mode: 'apply', imported: 7 });
      const again = await run(
        ['pagerduty', '--apply', '--api-url', apiUrl],
        env,
      );
      expect(again.last).toMatchObject({ imported: 0, unchanged: 7 });

      const wrongToken = await run(
        ['pagerduty', '--apply', '--api-url', apiUrl],
        {
          ...env,
          PAGERDUTY_TOKEN: 'nope',
        },
      );
      expect(wrongToken.code).toBe(1);
      expect(wrongToken.last.error).toContain(
        'Lookout answered 400: PagerDuty refused the API token',
      );
    });
  });
});
