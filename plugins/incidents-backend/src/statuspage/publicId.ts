import { randomBytes } from 'node:crypto';

/** Statuspage-style public ids: 12 lowercase letters and digits. */
export function publicId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(12);
  return [...bytes].map(b => alphabet[b % alphabet.length]).join('');
}
