import { parseCommand } from './parseCommand';

describe('parseCommand', () => {
  it.each([
    ['', { name: 'help' }],
    ['help', { name: 'help' }],
    ['ack', { name: 'ack' }],
    ['ACK inc-42', { name: 'ack', incidentId: 'INC-42' }],
    [
      'status identified DNS',
      { name: 'status', status: 'identified', note: 'DNS' },
    ],
    [
      'sev sev1 INC-3',
      { name: 'severity', severity: 'SEV1', incidentId: 'INC-3' },
    ],
    [
      'assign commander <@U1|ann>',
      { name: 'assign', role: 'commander', who: '<@U1|ann>' },
    ],
    [
      'note failing over *now*',
      { name: 'note', markdown: 'failing over *now*' },
    ],
    ['resolve rolled back', { name: 'resolve', note: 'rolled back' }],
    ['declare', { name: 'declare' }],
    ['escalate INC-4', { name: 'escalate', incidentId: 'INC-4' }],
    ['page <@U2|bo>', { name: 'page', who: '<@U2|bo>' }],
    [
      'page group:default/db-team replica lag\n  is 20 min',
      {
        name: 'page',
        who: 'group:default/db-team',
        message: 'replica lag\n  is 20 min',
      },
    ],
    ['channel INC-9', { name: 'channel', incidentId: 'INC-9' }],
  ])('%p', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each([
    ['dance', /`dance` is not a Lookout command/],
    ['status sleeping', /status` takes one of triage/],
    ['severity SEV9', /SEV1, SEV2, SEV3, SEV4/],
    ['assign boss @x', /a role \(commander, communications, scribe\)/],
    ['assign scribe', /and a person/],
    ['note', /needs some text/],
    ['page', /a person \(@someone\) or a team/],
  ])('%p is not understood, and says why', (text, problem) => {
    const parsed = parseCommand(text);
    expect(parsed.name).toBe('unknown');
    expect((parsed as { problem: string }).problem).toMatch(problem);
  });
});
