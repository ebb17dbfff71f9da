import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { eachDatabase, withCheckoutIncident } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const directory = resolvePackagePath(
  '@lookout/plugin-incidents-backend',
  'migrations',
);
const name = '20261201100000_escalation_runs_and_reassignments.js';
const at = new Date('2026-11-30T10:00:00Z');

/** A page row as the schema before the migration holds it. */
const oldPage = (id: string, level: number, userRef: string) => ({
  id,
  incident_seq: 1,
  level,
  round: level === 0 ? 0 : 1,
  user_ref: userRef,
  reason: 'test',
  status: 'sent',
  channels: '[]',
  due_at: at,
  created_at: at,
});

/**
 * What a write answers: `written`, or its error's message. (A driver error may come from
 * another test file's realm, where `rejects.toThrow()` does not see an Error.)
 */
const outcome = (write: Promise<unknown>) =>
  write.then(
    () => 'written',
    (error: Error) => String(error.message),
  );
const DUPLICATE = /unique|duplicate/i;

describe('the escalation runs and reassignments migration', () => {
  eachDatabase(database => {
    it('numbers the pages it finds, and goes down keeping one page per old key', async () => {
      const knex = await withCheckoutIncident(database, at);
      await knex.migrate.down({ directory, name });
      await knex('escalation_pages').insert([
        oldPage('a', 1, 'user:default/alice'),
        oldPage('b', 0, 'user:default/dave'),
      ]);

      await knex.migrate.up({ directory, name });
      const pages = () =>
        knex('escalation_pages')
          .orderBy('id')
          .select('id', 'run', 'reassignment', 'level', 'round');
      expect(await pages()).toEqual([
        { id: 'a', run: 1, reassignment: 0, level: 1, round: 1 },
        { id: 'b', run: 0, reassignment: 1, level: 0, round: 0 },
      ]);
      // dave reassigned again and alice paged in a second run are new pages; a repeat is not
      await knex('escalation_pages').insert([
        { ...oldPage('c', 0, 'user:default/dave'), run: 0, reassignment: 2 },
        { ...oldPage('d', 1, 'user:default/alice'), run: 2, reassignment: 0 },
      ]);
      expect(
        await outcome(
          knex('escalation_pages').insert({
            ...oldPage('e', 0, 'user:default/dave'),
            run: 0,
            reassignment: 2,
          }),
        ),
      ).toMatch(DUPLICATE);

      await knex.migrate.down({ directory, name });
      expect(
        (await knex('escalation_pages').orderBy('id').select('id')).map(
          row => row.id,
        ),
      ).toEqual(['a', 'b']);
      expect(
        await outcome(
          knex('escalation_pages').insert(oldPage('f', 0, 'user:default/dave')),
        ),
      ).toMatch(DUPLICATE);
      expect(await knex.schema.hasColumn('escalations', 'run')).toBe(false);
    });
  });
});
