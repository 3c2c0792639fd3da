// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoadFailureBoundary } from '@/ui/lazyParts';

afterEach(cleanup);

function Unloadable(): never {
  throw new TypeError('Failed to fetch dynamically imported module');
}

describe('a part loaded later that cannot be fetched', () => {
  it('shows its fallback, and the rest of the page stays', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <main>
        <p>The board</p>
        <LoadFailureBoundary fallback={<p>No connection</p>}>
          <Unloadable />
        </LoadFailureBoundary>
      </main>,
    );
    expect(screen.getByText('No connection')).toBeTruthy();
    expect(screen.getByText('The board')).toBeTruthy();
    quiet.mockRestore();
  });
});
