// @vitest-environment jsdom
import { ClientAuthError, ServerError } from '@azure/msal-browser';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { InteractionRequiredError } from '@/auth/errors';
import { GraphError } from '@/graph/errors';
import { BoardError } from '@/ui/BoardError/BoardError';
import { TabConfigPage } from '@/ui/TabConfigPage/TabConfigPage';
import { renderWithProviders } from '../support/render';

afterEach(cleanup);

const ADMIN_LINK = 'https://login.microsoftonline.com/t/v2.0/adminconsent?client_id=c&scope=x&redirect_uri=https%3A%2F%2Ftab%2Findex.html';

function renderConsent(
  popupFails: () => Promise<void>,
  { error = new InteractionRequiredError('consent needed') as unknown, copyWorks = true } = {},
) {
  const copied: string[] = [];
  renderWithProviders(
    <BoardError
      error={error}
      staleSince={null}
      onRetry={() => undefined}
      onGrantAccess={popupFails}
      adminConsent={{ url: ADMIN_LINK, scopes: ['User.ReadBasic.All', 'Presence.Read.All'] }}
      copy={async (text) => {
        if (!copyWorks) throw new DOMException('Write permission denied.', 'NotAllowedError');
        copied.push(text);
      }}
    />,
  );
  return copied;
}

describe('consent that leads somewhere', () => {
  it('where only an admin may consent: says so, shows the admin consent link, and copies it', async () => {
    const copied = renderConsent(() =>
      Promise.reject(new ServerError('access_denied', 'c', 'AADSTS90094: The grant requires admin permission.')),
    );
    expect(screen.queryByText(/only an administrator/)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Grant access' }));
    expect(await screen.findByText(/Your organisation lets only an administrator grant this access/)).toBeTruthy();
    expect((screen.getByLabelText('Admin consent link') as HTMLInputElement).value).toBe(ADMIN_LINK);
    expect(screen.getByText(/permissions for all users: User\.ReadBasic\.All, Presence\.Read\.All/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(copied).toEqual([ADMIN_LINK]);
    expect(await screen.findByRole('button', { name: 'Link copied' })).toBeTruthy();
  });

  it('a closed popup goes back to Grant access with a word about why', async () => {
    renderConsent(() => Promise.reject(new ClientAuthError('user_cancelled', 'c')));
    await userEvent.click(screen.getByRole('button', { name: 'Grant access' }));
    expect(await screen.findByText(/closed before access was granted/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Grant access' })).toBeTruthy();
  });

  it('a blocked popup says to allow pop-ups', async () => {
    renderConsent(() => Promise.reject(new Error('FailedToOpenWindow')));
    await userEvent.click(screen.getByRole('button', { name: 'Grant access' }));
    expect(await screen.findByText(/allow pop-ups/)).toBeTruthy();
    expect(screen.queryByLabelText('Admin consent link')).toBeNull();
  });
});

describe('the admin consent link also where', () => {
  it('the person closed the popup (Entra\'s "Need admin approval" page ends as a cancel)', async () => {
    renderConsent(() => Promise.reject(new ClientAuthError('user_cancelled', 'c')));
    await userEvent.click(screen.getByRole('button', { name: 'Grant access' }));
    expect(await screen.findByLabelText('Admin consent link')).toBeTruthy();
  });

  it('Graph refuses for want of permission (403)', () => {
    renderConsent(() => Promise.resolve(), { error: new GraphError('forbidden', 'Forbidden', { status: 403 }) });
    expect(screen.getByLabelText('Admin consent link')).toBeTruthy();
  });

  it('opens the link in a new window with no opener, and says how to copy it by hand where the clipboard is refused', async () => {
    renderConsent(() => Promise.reject(new ServerError('access_denied', 'c', 'AADSTS90094: admin')), { copyWorks: false });
    await userEvent.click(screen.getByRole('button', { name: 'Grant access' }));
    const link = await screen.findByRole('link');
    expect(link.getAttribute('href')).toBe(ADMIN_LINK);
    expect(link.getAttribute('rel')).toContain('noopener');
    await userEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(await screen.findByText(/select the link above and copy it/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Link copied' })).toBeNull();
  });
});

describe('channel tab configuration', () => {
  it('opens with the saved choice and default search, and saves them unchanged', () => {
    let current: (() => { choice: string; defaultSearch: string; wall: boolean }) | null = null;
    renderWithProviders(
      <TabConfigPage
        teamAvailable
        initial={{ choice: 'team', defaultSearch: 'sales' }}
        onValid={() => undefined}
        onSave={(get) => (current = get)}
      />,
    );
    expect((screen.getByRole('radio', { name: "This team's members" }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('textbox') as HTMLInputElement).value).toBe('sales');
    expect(current!()).toEqual({ choice: 'team', defaultSearch: 'sales', wall: false });
  });

  it('offers the wall display for an office screen, and saves that choice', async () => {
    let current: (() => { choice: string; defaultSearch: string; wall: boolean }) | null = null;
    renderWithProviders(<TabConfigPage teamAvailable initial={null} onValid={() => undefined} onSave={(get) => (current = get)} />);
    expect((screen.getByRole('radio', { name: 'A list to search and filter' }) as HTMLInputElement).checked).toBe(true);
    await userEvent.click(screen.getByRole('radio', { name: 'A wall display' }));
    expect(screen.getByText(/Large tiles that turn page by themselves/)).toBeTruthy();
    expect(current!()).toEqual({ choice: 'organisation', defaultSearch: '', wall: true });
  });
});
