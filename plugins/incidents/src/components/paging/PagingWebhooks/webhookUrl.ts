/** The longest URL the backend accepts for a paging webhook. */
const MAX_LENGTH = 2000;

/**
 * What is wrong with a webhook URL, as the backend would refuse it, or undefined when it
 * would be accepted: absolute, http or https, at most 2000 characters.
 */
export function webhookUrlProblem(value: string): string | undefined {
  const url = value.trim();
  if (!url) {
    return 'Enter the URL pages are posted to';
  }
  if (url.length > MAX_LENGTH) {
    return `At most ${MAX_LENGTH} characters`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Enter a full URL, such as https://hooks.example.com/lookout';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `Only http and https URLs can receive pages, not ${parsed.protocol.slice(
      0,
      -1,
    )}`;
  }
  if (!parsed.hostname) {
    return 'The URL needs a host, such as hooks.example.com';
  }
  return undefined;
}

/** A caution, not an error: an http:// receiver gets pages, signed but readable on the way. */
export function isUnencrypted(value: string): boolean {
  return /^http:\/\//i.test(value.trim());
}
