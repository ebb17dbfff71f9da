import { mockServices } from '@backstage/backend-test-utils';
import { Incident, IncidentTriage } from '@lookout/plugin-incidents-common';
import { IncidentChange } from '../incidents/IncidentChangeStream';
import { TriageScheduler } from './TriageScheduler';

type Trigger = IncidentTriage['trigger'];

const change = (
  type: IncidentChange['type'],
  status: Incident['status'] = 'investigating',
  id = 'INC-7',
  entityRef = 'component:default/web',
): IncidentChange => ({
  type,
  incident: {
    id,
    status,
    entityRef,
    impactedEntityRefs: [],
  } as unknown as Incident,
});

/** A scheduler whose runs wait until the test lets them finish. */
function scheduler(recomputeDelayMs = 1_000) {
  const runs: Array<{ seq: number; trigger: Trigger; finish: () => void }> = [];
  const subject = new TriageScheduler({
    compute: (seq, trigger) =>
      new Promise<void>(finish => runs.push({ seq, trigger, finish })),
    recomputeDelayMs,
    logger: mockServices.logger.mock(),
  });
  /** Lets every run finish, those started meanwhile too, until nothing runs. */
  const finishAll = async () => {
    let finished = 0;
    const idle = subject.idle();
    while (finished < runs.length) {
      runs.slice(finished).forEach(r => r.finish());
      finished = runs.length;
      await new Promise(resolve => setImmediate(resolve));
    }
    await idle;
  };
  return { subject, runs, finishAll };
}

describe('TriageScheduler', () => {
  afterEach(() => jest.useRealTimers());

  it('triages a declared incident at once, and changes to it once they settle', async () => {
    jest.useFakeTimers();
    const { subject, runs } = scheduler();
    subject.onIncidentChange(change('declared', 'triage'));
    expect(runs.map(r => [r.seq, r.trigger])).toEqual([[7, 'declared']]);
    runs[0].finish();
    await subject.idle();

    subject.onIncidentChange(change('updated'));
    subject.onIncidentChange(change('transitioned'));
    subject.onIncidentChange(change('merged'));
    expect(runs).toHaveLength(1);
    jest.advanceTimersByTime(1_000);
    expect(runs.map(r => r.trigger)).toEqual(['declared', 'change']);
  });

  it('ignores notes, acknowledgements, deletions and changes to closed incidents', () => {
    jest.useFakeTimers();
    const { subject, runs } = scheduler(0);
    subject.onIncidentChange(change('note'));
    subject.onIncidentChange(change('acknowledged'));
    subject.onIncidentChange(change('deleted'));
    subject.onIncidentChange(change('updated', 'resolved'));
    jest.runAllTimers();
    expect(runs).toHaveLength(0);
  });

  it('runs once more after a run during which the incident changed', async () => {
    const { subject, runs, finishAll } = scheduler(0);
    subject.onIncidentChange(change('declared'));
    subject.onIncidentChange(change('updated'));
    subject.onIncidentChange(change('updated'));
    await finishAll();
    expect(runs.map(r => r.trigger)).toEqual(['declared', 'change']);
  });

  it('runs what is settling on idle, and drops it on stop', async () => {
    jest.useFakeTimers();
    const settled = scheduler(60_000);
    settled.subject.onIncidentChange(change('updated'));
    const idle = settled.subject.idle();
    expect(settled.runs.map(r => r.trigger)).toEqual(['change']);
    settled.runs[0].finish();
    await idle;

    const stopped = scheduler(60_000);
    stopped.subject.onIncidentChange(change('updated'));
    await stopped.subject.stop();
    jest.runAllTimers();
    expect(stopped.runs).toHaveLength(0);
  });

  it('logs a failed run instead of rejecting', async () => {
    const logger = mockServices.logger.mock();
    const subject = new TriageScheduler({
      compute: async () => {
        throw new Error('database gone');
      },
      logger,
    });
    subject.onIncidentChange(change('declared'));
    await subject.idle();
    expect(logger.warn).toHaveBeenCalledWith(
      'Triage of INC-7 failed: Error: database gone',
    );
  });

  it('triages again the open incidents whose last triage read an entity where evidence arrived', async () => {
    const { subject, runs, finishAll } = scheduler();
    subject.watch(7, ['component:default/web', 'resource:default/DB']);
    subject.watch(8, ['component:default/cart']);
    subject.evidenceOn(['resource:default/db']);
    await finishAll();
    expect(runs.map(r => [r.seq, r.trigger])).toEqual([[7, 'change']]);

    // a sibling opening an incident is evidence for the incidents that read it
    subject.onIncidentChange(
      change('declared', 'triage', 'INC-9', 'component:default/cart'),
    );
    await finishAll();
    expect(runs.slice(1).map(r => [r.seq, r.trigger])).toEqual([
      [9, 'declared'],
      [8, 'change'],
    ]);

    // once over, an incident reads nothing
    subject.onIncidentChange(
      change('transitioned', 'resolved', 'INC-8', 'component:default/cart'),
    );
    subject.evidenceOn(['component:default/cart']);
    await finishAll();
    expect(runs).toHaveLength(3);
  });

  it('triages again an incident whose triage was reading when evidence came on what it read', async () => {
    const { subject, runs, finishAll } = scheduler();
    const mark = subject.mark();
    // the sibling fails while incident 7's triage reads; its watch list is known only after
    subject.evidenceOn(['component:default/cart']);
    subject.watch(7, ['component:default/cart'], mark);
    await finishAll();
    expect(runs.map(r => [r.seq, r.trigger])).toEqual([[7, 'change']]);

    // evidence from before the triage began was read by it
    subject.watch(8, ['component:default/cart'], subject.mark());
    await finishAll();
    expect(runs).toHaveLength(1);
  });
});
