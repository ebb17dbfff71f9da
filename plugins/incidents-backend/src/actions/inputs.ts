import type { z } from 'zod/v3';

// The inputs several actions take, each described once, so that an agent reads the same
// field the same way in every action. They take the registry's zod, as a schema does.

type Zod = typeof z;

/** An incident's id. */
export const incidentIdInput = (zod: Zod) =>
  zod.string().describe('The incident id, INC-42');

/** A catalog entity's ref. */
export const entityRefInput = (zod: Zod) =>
  zod.string().describe('e.g. component:default/checkout-service');

/** A group's ref. */
export const groupRefInput = (zod: Zod) =>
  zod.string().describe('e.g. group:default/checkout-team');
