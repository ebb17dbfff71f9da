import { mockServices } from '@backstage/backend-test-utils';
import { StepLateness } from './StepLateness';

describe('StepLateness', () => {
  it('records every step and logs late ones at most every ten seconds, naming the worst', () => {
    const logger = mockServices.logger.mock();
    const recorded: number[] = [];
    let now = 100_000;
    const lateness = new StepLateness({
      logger,
      metrics: {
        createHistogram: () => ({
          record: (value: number) => recorded.push(value),
        }),
      },
      lateAfterMs: 2000,
      clock: () => now,
    });

    lateness.record([{ seq: 1, level: 1, round: 1, latenessMs: 40 }]);
    expect(logger.warn).not.toHaveBeenCalled();

    lateness.record([
      { seq: 2, level: 1, round: 1, latenessMs: 2500 },
      { seq: 3, level: 2, round: 1, latenessMs: 7000 },
    ]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenLastCalledWith(
      expect.stringMatching(
        /2 escalation step\(s\).*INC-3 level 2 round 1, 7000 ms late/,
      ),
    );

    // within ten seconds late steps are counted, not logged
    now += 5000;
    lateness.record([{ seq: 4, level: 1, round: 1, latenessMs: 3000 }]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    now += 5000;
    lateness.record([{ seq: 5, level: 1, round: 1, latenessMs: 2100 }]);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenLastCalledWith(
      expect.stringMatching(
        /2 escalation step\(s\).*INC-4 level 1 round 1, 3000 ms late/,
      ),
    );
    expect(recorded).toEqual([40, 2500, 7000, 3000, 2100]);
  });
});
