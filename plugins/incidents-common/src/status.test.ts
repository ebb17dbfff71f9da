import { isOpenStatus, OPEN_STATUSES } from './status';
import { INCIDENT_STATUSES } from './types';

describe('isOpenStatus', () => {
  it('agrees with OPEN_STATUSES for every status', () => {
    for (const status of INCIDENT_STATUSES) {
      expect(isOpenStatus(status)).toBe(OPEN_STATUSES.includes(status));
    }
  });

  it('treats resolved, closed, declined and merged as closed', () => {
    expect(
      ['resolved', 'closed', 'declined', 'merged'].map(s =>
        isOpenStatus(s as any),
      ),
    ).toEqual([false, false, false, false]);
  });
});
