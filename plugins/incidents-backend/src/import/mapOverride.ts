import { MappedOverride } from './types';

/**
 * Adds a vendor's override to those already mapped for a schedule, unless it overlaps one of
 * them: Lookout keeps a schedule's overrides apart. Answers why it was not added, if it was not.
 */
export function mapOverride(
  mapped: MappedOverride[],
  override: MappedOverride,
): string | undefined {
  const clash = mapped.find(
    m =>
      Date.parse(m.startsAt) < Date.parse(override.endsAt) &&
      Date.parse(m.endsAt) > Date.parse(override.startsAt),
  );
  if (clash) {
    return `it overlaps override ${clash.vendorId}; Lookout keeps overrides apart`;
  }
  mapped.push(override);
  return undefined;
}
