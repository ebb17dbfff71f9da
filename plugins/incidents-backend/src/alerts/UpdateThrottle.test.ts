import { Incident } from '@lookout/plugin-incidents-common';
import { IncidentChange } from '../incidents/IncidentChangeStream';
import { UpdateThrottle } from './UpdateThrottle';

const change = (id: string, title: string): IncidentChange => ({
  type: 'updated',
  incident: { id, title } as Incident,
});

describe('UpdateThrottle', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('lets the first change through, holds the rest, and sends the latest when the interval ends', () => {
    const sent: string[] = [];
    const throttle = new UpdateThrottle(1000, c => sent.push(c.incident.title));
    expect(throttle.admit(change('INC-1', 'first'))).toBe(true);
    expect(throttle.admit(change('INC-1', 'second'))).toBe(false);
    expect(throttle.admit(change('INC-1', 'third'))).toBe(false);
    // another incident has its own interval
    expect(throttle.admit(change('INC-2', 'other'))).toBe(true);
    expect(sent).toEqual([]);

    jest.advanceTimersByTime(1000);
    expect(sent).toEqual(['third']);
    // the trailing send opened a new interval
    expect(throttle.admit(change('INC-1', 'fourth'))).toBe(false);
    jest.advanceTimersByTime(1000);
    expect(sent).toEqual(['third', 'fourth']);
    // nothing waited in the last interval: the next change goes through at once
    jest.advanceTimersByTime(1000);
    expect(throttle.admit(change('INC-1', 'fifth'))).toBe(true);
    expect(sent).toEqual(['third', 'fourth']);
  });

  it('drops a waiting change when a weightier change of the incident went out', () => {
    const sent: string[] = [];
    const throttle = new UpdateThrottle(1000, c => sent.push(c.incident.title));
    throttle.admit(change('INC-1', 'first'));
    throttle.admit(change('INC-1', 'stale'));
    throttle.superseded('INC-1');
    jest.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
  });
});
