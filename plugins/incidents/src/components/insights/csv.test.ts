import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes what needs quoting and leaves empty cells empty', () => {
    expect(
      toCsv(
        ['week', 'median', 'note'],
        [
          ['2026-03-02', 150, 'plain'],
          ['2026-03-09', null, 'a, "b"'],
        ],
      ),
    ).toBe(
      'week,median,note\r\n2026-03-02,150,plain\r\n2026-03-09,,"a, ""b"""',
    );
  });
});
