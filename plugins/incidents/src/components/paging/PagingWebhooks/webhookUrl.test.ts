import { isUnencrypted, webhookUrlProblem } from './webhookUrl';

describe('webhookUrlProblem', () => {
  it.each([
    'https://hooks.example.com/lookout',
    'http://pager.internal:8080/in?team=checkout',
    '  https://hooks.example.com/trimmed  ',
  ])('accepts %s', url => {
    expect(webhookUrlProblem(url)).toBeUndefined();
  });

  it.each([
    ['', 'Enter the URL pages are posted to'],
    [
      'hooks.example.com/lookout',
      'Enter a full URL, such as https://hooks.example.com/lookout',
    ],
    [
      'not a url',
      'Enter a full URL, such as https://hooks.example.com/lookout',
    ],
    [
      'ftp://files.example.com/in',
      'Only http and https URLs can receive pages, not ftp',
    ],
    [
      'mailto:oncall@example.com',
      'Only http and https URLs can receive pages, not mailto',
    ],
    [`https://example.com/${'a'.repeat(2000)}`, 'At most 2000 characters'],
  ])('refuses %j', (url, problem) => {
    expect(webhookUrlProblem(url)).toBe(problem);
  });
});

describe('isUnencrypted', () => {
  it('tells http from https', () => {
    expect(isUnencrypted('http://pager.internal/in')).toBe(true);
    expect(isUnencrypted('https://hooks.example.com')).toBe(false);
  });
});
