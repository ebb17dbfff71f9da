import { allowedTransitions, isOpenStatus, OPEN_STATUSES } from './status';
import { INCIDENT_STATUSES, IncidentStatus } from './types';

describe('isOpenStatus', () => {
  it('agrees with OPEN_STATUSES for every status', () => {
    for (const status of INCIDENT_STATUSES) {
      expect(isOpenStatus(status)).toBe(OPEN_STATUSES.includes(status));
    }
  });

  it('treats resolved, closed, declined and merged as closed', () => {
    expect(
      ['resolved', 'closed', 'declined', 'merged'].map(s =>
        isOpenStatus(s as IncidentStatus),
      ),
    ).toEqual([false, false, false, false]);
  });
});

describe('allowedTransitions', () => {
  it('keeps terminal statuses terminal', () => {
    expect(allowedTransitions('closed')).toEqual([]);
    expect(allowedTransitions('declined')).toEqual([]);
    expect(allowedTransitions('merged')).toEqual([]);
  });

  it('lets a resolved incident reopen or close, nothing else', () => {
    expect(allowedTransitions('resolved')).toEqual(['investigating', 'closed']);
  });

  it('never offers a move to the same status', () => {
    for (const status of INCIDENT_STATUSES) {
      expect(allowedTransitions(status)).not.toContain(status);
    }
  });
});
