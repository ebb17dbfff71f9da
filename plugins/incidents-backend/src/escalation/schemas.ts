import { z } from 'zod';
import { ref } from '../lib/validation';
import { name } from '../oncall/schemas';

// The shape the escalation policy routes (and the demo seed file) accept; what it cannot
// check (catalog refs, schedules that exist, a parent to page) EscalationPoliciesService checks.

const targetSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('schedule'),
    scheduleId: z.string().min(1).max(36),
  }),
  z.object({ type: z.literal('user'), userRef: ref }),
  z.object({ type: z.literal('group_members'), groupRef: ref }),
  z.object({ type: z.literal('parent_oncall') }),
]);

export const policySchema = z.object({
  name,
  ownerRef: ref,
  levels: z
    .array(
      z.object({
        delayMinutes: z
          .number()
          .int()
          .min(0, 'delayMinutes must not be negative')
          .max(1440, 'delayMinutes is at most 1440 (a day)'),
        targets: z
          .array(targetSchema)
          .min(1, 'a level needs at least one target')
          .max(20),
      }),
    )
    .min(1, 'a policy needs at least one level')
    .max(10),
  repeat: z.number().int().min(0).max(9).default(0),
});
