import { formatSeconds } from '../shared/durations';

/** A duration figure's value as people read it; an em dash when there is none. */
export function formatFigureSeconds(seconds: number | null): string {
  return seconds === null ? '—' : formatSeconds(seconds);
}

/** A share as a percentage with one decimal; an em dash when there is nothing to divide. */
export function formatShare(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)} %`;
}
