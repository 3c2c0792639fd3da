import { describe, expect, it } from 'vitest';
import { formatCount, formatTime } from '@/ui/format';

describe('numbers and times in the reader’s locale', () => {
  it('shows the time of the last update with seconds, so a refresh a minute later shows it moved', () => {
    const at = new Date(2026, 10, 26, 14, 3, 27);
    expect(formatTime(at, 'en-GB')).toBe('14:03:27');
    expect(formatTime(at, 'de-DE')).toBe('14:03:27');
  });

  it('groups digits as the locale does, the same formatter serving each locale', () => {
    expect(formatCount(50000, 'en-US')).toBe('50,000');
    expect(formatCount(50000, 'de-DE')).toBe('50.000');
    expect(formatCount(1234, 'en-US')).toBe('1,234');
  });
});
