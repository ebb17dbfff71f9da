import { mockServices } from '@backstage/backend-test-utils';
import { eachDatabase } from '../__testUtils__/databases';
import { migrateDatabase } from '../database/migrateDatabase';
import { DatabaseIncidentsStore } from '../incidents/DatabaseIncidentsStore';
import { parseIncidentId } from '../incidents/incidentIds';
import { DatabasePostmortemsStore } from './DatabasePostmortemsStore';
import { NewPostmortem } from './PostmortemsStore';

jest.setTimeout(60_000);

async function setUp(knex: any) {
  await migrateDatabase(mockServices.database({ knex }));
  const incidents = DatabaseIncidentsStore.create({ knex });
  const store = DatabasePostmortemsStore.create({
    knex,
    clock: () => new Date('2026-03-10T12:00:00.000Z'),
  });
  const declare = async (
    title: string,
    entityRef: string,
    declaredAt: string,
  ) =>
    incidents.createIncident(
      {
        title,
        description: '',
        severity: 'SEV2',
        status: 'resolved',
        entityRef,
        impactedEntityRefs: [],
        ownerRef: 'group:default/data-team',
        source: 'manual',
        createdBy: 'user:default/mock',
        declaredAt,
      },
      [
        {
          type: 'declared',
          actor: 'user:default/mock',
          at: declaredAt,
          status: 'triage',
        },
      ],
    );
  return { store, incidents, declare };
}

const postmortem = (
  id: string,
  incident: { id: string; entityRef: string; declaredAt: string },
  extra: Partial<NewPostmortem> = {},
): NewPostmortem => ({
  id,
  incidentSeq: parseIncidentId(incident.id),
  title: `Postmortem ${id}`,
  entityRef: incident.entityRef,
  ownerRef: 'group:default/data-team',
  severity: 'SEV2',
  createdBy: 'user:default/mock',
  incidentDeclaredAt: incident.declaredAt,
  createdAt: '2026-03-01T00:00:00.000Z',
  sections: [
    { key: 'summary', title: 'Summary', prompt: '', body: '' },
    { key: 'timeline', title: 'Timeline', prompt: '', body: '' },
    { key: 'root_cause', title: 'Root cause', prompt: 'Why?', body: '' },
  ],
  ...extra,
});

describe('DatabasePostmortemsStore', () => {
  eachDatabase(({ init }) => {
    it('keeps one postmortem per incident, and versions each section on its own', async () => {
      const { store, declare } = await setUp(await init());
      const incident = await declare(
        'Pool exhausted',
        'resource:default/postgres-main',
        '2026-03-01T10:00:00.000Z',
      );
      const created = await store.createPostmortem(postmortem('a', incident));
      expect(created).toMatchObject({
        id: 'a',
        incidentId: incident.id,
        status: 'draft',
        version: 1,
        sections: [
          { key: 'summary', version: 1, derived: false },
          { key: 'timeline', derived: true },
          { key: 'root_cause', prompt: 'Why?' },
        ],
      });
      expect(await store.createPostmortem(postmortem('b', incident))).toBe(
        undefined,
      );

      // two people, two sections, the same starting versions: both land
      const [summary, cause] = await Promise.all([
        store.updateSection(
          'a',
          'summary',
          1,
          'Pool ran dry',
          'user:default/ann',
          '2026-03-02T00:00:00.000Z',
        ),
        store.updateSection(
          'a',
          'root_cause',
          1,
          'Batch job held connections',
          'user:default/bob',
          '2026-03-02T00:00:00.000Z',
        ),
      ]);
      expect(summary).toMatchObject({ ok: true, value: { version: 2 } });
      expect(cause).toMatchObject({ ok: true, value: { version: 2 } });

      // the same section from a stale version: refused, with what is there now
      const stale = await store.updateSection(
        'a',
        'summary',
        1,
        'My older edit',
        'user:default/bob',
        '2026-03-02T00:01:00.000Z',
      );
      expect(stale).toMatchObject({
        ok: false,
        current: {
          body: 'Pool ran dry',
          version: 2,
          updatedBy: 'user:default/ann',
        },
      });
      const read = await store.getPostmortem('a');
      expect(read?.sections.map(s => s.body)).toEqual([
        'Pool ran dry',
        '',
        'Batch job held connections',
      ]);
      expect(
        await store.updateSection(
          'nope',
          'summary',
          1,
          '',
          'u',
          '2026-03-02T00:00:00.000Z',
        ),
      ).toBeUndefined();

      // details are versioned apart from sections
      const details = await store.updateDetails(
        'a',
        1,
        { causeCategory: 'capacity', tags: ['db', 'batch', 'db'] },
        '2026-03-03T00:00:00.000Z',
      );
      expect(details).toMatchObject({
        ok: true,
        value: { version: 2, causeCategory: 'capacity', tags: ['batch', 'db'] },
      });
      expect(
        await store.updateDetails(
          'a',
          1,
          { title: 'x' },
          '2026-03-03T00:00:00.000Z',
        ),
      ).toMatchObject({ ok: false, current: { version: 2 } });
    });

    it('filters, pages and finds words in every written part, on both engines alike', async () => {
      const { store, declare } = await setUp(await init());
      const db = 'resource:default/postgres-main';
      const web = 'component:default/storefront-web';
      const i1 = await declare('One', db, '2026-01-01T00:00:00.000Z');
      const i2 = await declare('Two', web, '2026-02-01T00:00:00.000Z');
      const i3 = await declare('Three', web, '2026-03-01T00:00:00.000Z');
      await store.createPostmortem(
        postmortem('p1', i1, { tags: ['database'], causeCategory: 'capacity' }),
      );
      await store.createPostmortem(
        postmortem('p2', i2, {
          rootCauseEntityRef: db,
          status: 'published',
          publishedAt: '2026-02-03T00:00:00.000Z',
        }),
      );
      await store.createPostmortem(postmortem('p3', i3));
      await store.updateSection(
        'p3',
        'root_cause',
        1,
        'A 100% CPU_spike in the CDN',
        'u',
        '2026-03-02T00:00:00.000Z',
      );
      await store.updateSection(
        'p1',
        'summary',
        1,
        'Connections leaked by the nightly batch',
        'u',
        '2026-03-02T00:00:00.000Z',
      );

      const ids = async (filter: object) =>
        (await store.listPostmortems({ limit: 10, ...filter })).items.map(
          p => p.id,
        );
      expect(await ids({})).toEqual(['p3', 'p2', 'p1']);
      // origin or root cause
      expect(await ids({ entityRef: db })).toEqual(['p2', 'p1']);
      expect(await ids({ entityRefs: [web] })).toEqual(['p3', 'p2']);
      expect(await ids({ status: ['published'] })).toEqual(['p2']);
      expect(await ids({ tag: 'database' })).toEqual(['p1']);
      expect(await ids({ incidentSeq: parseIncidentId(i3.id) })).toEqual([
        'p3',
      ]);
      expect(
        await ids({
          from: '2026-01-15T00:00:00.000Z',
          to: '2026-03-01T00:00:00.000Z',
        }),
      ).toEqual(['p2']);
      // every word, in any section, case-insensitive; LIKE's wildcards are literal
      expect(await ids({ words: ['nightly', 'connections'] })).toEqual(['p1']);
      expect(await ids({ words: ['nightly', 'cdn'] })).toEqual([]);
      expect(await ids({ words: ['100%'] })).toEqual(['p3']);
      expect(await ids({ words: ['cpu_spike'] })).toEqual(['p3']);
      expect(await ids({ words: ['cpu%spike'] })).toEqual([]);
      expect(await ids({ words: ['capacity'] })).toEqual(['p1']);
      expect(
        await ids({ condition: { property: 'entity_ref', values: [web] } }),
      ).toEqual(['p3', 'p2']);

      const first = await store.listPostmortems({ limit: 2 });
      expect(first.items.map(p => p.id)).toEqual(['p3', 'p2']);
      expect(await ids({ after: first.last })).toEqual(['p1']);
    });

    it('keeps action items with owners, due dates and overdue flags, and reviews', async () => {
      const { store, declare } = await setUp(await init());
      const incident = await declare(
        'One',
        'component:default/mysql',
        '2026-01-01T00:00:00.000Z',
      );
      await store.createPostmortem(postmortem('p', incident));
      const item = (
        id: string,
        ownerRef: string,
        dueDate: string | null,
        status = 'open',
      ) =>
        store.createActionItem('p', {
          id,
          title: `Item ${id}`,
          ownerRef,
          dueDate,
          status: status as any,
          trackerUrl: 'https://tracker.example/T-1',
          createdAt: '2026-03-01T00:00:00.000Z',
        });
      expect(
        await item('late', 'group:default/data-team', '2026-03-09'),
      ).toMatchObject({
        overdue: true,
        incidentId: incident.id,
        version: 1,
      });
      expect(
        (await item('today', 'user:default/ann', '2026-03-10')).overdue,
      ).toBe(false);
      await item('done', 'group:default/data-team', '2026-01-01', 'done');
      await item('nodate', 'group:default/data-team', null);

      const list = async (filter: object) =>
        (
          await store.listActionItems({
            ownerRefs: ['group:default/data-team', 'user:default/ann'],
            limit: 10,
            ...filter,
          })
        ).map(i => i.id);
      expect(await list({ openOnly: true, dueBefore: '2026-03-10' })).toEqual([
        'late',
      ]);
      expect((await list({})).sort()).toEqual([
        'done',
        'late',
        'nodate',
        'today',
      ]);
      expect(await list({ ownerRefs: ['user:default/ann'] })).toEqual([
        'today',
      ]);

      const updated = await store.updateActionItem(
        'late',
        1,
        { status: 'done' },
        '2026-03-10T00:00:00.000Z',
      );
      expect(updated).toMatchObject({
        ok: true,
        value: { status: 'done', overdue: false, version: 2 },
      });
      expect(
        await store.updateActionItem(
          'late',
          1,
          { title: 'x' },
          '2026-03-10T00:00:00.000Z',
        ),
      ).toMatchObject({ ok: false, current: { version: 2 } });
      expect(await store.deleteActionItem('late')).toBe(true);
      expect(await store.getActionItem('late')).toBeUndefined();

      await store.addReviewer('p', 'user:default/ann');
      await store.addReviewer('p', 'user:default/ann');
      expect(
        await store.recordDecision(
          'p',
          'user:default/ann',
          'approved',
          'ok',
          '2026-03-10T00:00:00.000Z',
        ),
      ).toBe(true);
      expect(
        await store.recordDecision(
          'p',
          'user:default/bob',
          'approved',
          '',
          '2026-03-10T00:00:00.000Z',
        ),
      ).toBe(false);
      expect((await store.getPostmortem('p'))?.reviewers).toEqual([
        {
          userRef: 'user:default/ann',
          decision: 'approved',
          comment: 'ok',
          decidedAt: '2026-03-10T00:00:00.000Z',
        },
      ]);
      await store.resetReviews('p');
      expect((await store.getPostmortem('p'))?.reviewers[0].decision).toBe(
        'pending',
      );
      expect(await store.countPostmortems()).toBe(1);
    });
  });
});
