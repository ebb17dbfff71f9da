import { InputError } from '@backstage/errors';

const ID_PATTERN = /^INC-(\d{1,9})$/i;

/** `INC-42` for the incident stored with sequence number 42. */
export function formatIncidentId(seq: number): string {
  return `INC-${seq}`;
}

/** The sequence number behind a human id; anything else is the caller's mistake. */
export function parseIncidentId(id: string): number {
  const match = ID_PATTERN.exec(id);
  if (!match) {
    throw new InputError(
      `'${id}' is not an incident id; expected the form INC-42`,
    );
  }
  return Number(match[1]);
}
