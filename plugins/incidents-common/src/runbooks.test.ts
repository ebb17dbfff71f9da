import { parseRunbookSteps, runbookHeading } from './runbooks';

describe('parseRunbookSteps', () => {
  it('numbers task items in document order, ticked or not, outside code fences', () => {
    const markdown = [
      '# Kafka consumer lag',
      '',
      '- [ ] Check the consumer group',
      '  * [x] Nested: look at partitions  ',
      '1. [ ] Scale out the consumers',
      '2) [X] Tell #orders',
      '- a plain item',
      '- [] not a task (no space in the box)',
      '```bash',
      '- [ ] echo "inside a fence"',
      '```',
      '~~~',
      '- [ ] inside a tilde fence',
      '~~~',
      '+ [ ] Close the incident',
    ].join('\r\n');
    expect(parseRunbookSteps(markdown)).toEqual([
      { index: 0, text: 'Check the consumer group' },
      { index: 1, text: 'Nested: look at partitions' },
      { index: 2, text: 'Scale out the consumers' },
      { index: 3, text: 'Tell #orders' },
      { index: 4, text: 'Close the incident' },
    ]);
  });

  it('finds no steps in markdown without a checklist, however broken', () => {
    expect(parseRunbookSteps('')).toEqual([]);
    expect(parseRunbookSteps('```\n- [ ] never closed fence')).toEqual([]);
    expect(parseRunbookSteps('<div>- [ ] html</div>\n[ ] bare box')).toEqual(
      [],
    );
  });
});

describe('runbookHeading', () => {
  it('is the first level-1 heading outside code', () => {
    expect(
      runbookHeading(
        '```\n# not this\n```\n## Sub\n# Runbook: Postgres #\n# Later',
      ),
    ).toBe('Runbook: Postgres');
    expect(runbookHeading('no heading')).toBeUndefined();
  });
});
