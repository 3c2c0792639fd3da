// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardHeader } from '@/ui/BoardHeader/BoardHeader';
import { renderWithProviders } from '../support/render';

describe('BoardHeader with the presence relay', () => {
  afterEach(cleanup);
  const at = new Date(2026, 10, 26, 14, 3, 27);
  const props = { onlineCount: 3, demo: false, updatedAt: at, refreshing: false, busy: false, onRefresh: () => undefined, locale: 'en-GB' };

  it('says "Updated …" while the relay is fresh, and that presence is delayed when it says it is stale', () => {
    renderWithProviders(<BoardHeader {...props} staleSince={null} />);
    expect(screen.getByRole('status').textContent).toBe('Updated 14:03:27');
    cleanup();
    renderWithProviders(<BoardHeader {...props} staleSince={at} />);
    expect(screen.getByTestId('relay-stale').textContent).toBe('Presence is delayed: showing status from 14:03:27');
    expect(screen.getByRole('button', { name: 'Refresh' })).not.toHaveProperty('disabled', true);
  });
});
