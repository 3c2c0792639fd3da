import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { buildAppPackage, fillTemplate, readEnvFile, validateManifest } from '../../../manifest/tools/package';
import { colorIcon, outlineIcon } from '../../../manifest/tools/icons';
import { GRAPH_SCOPES } from '@/auth/tokenSource';
import { DECLARED_ACTIVITY_TYPES } from '@/emulator/handlers';
import { ACTIVITY_TYPE, availableNotification, PERSON_PARAMETER, TAB_ENTITY_ID } from '../../../relay/activityFeed';

const SAMPLE = {
  TEAMS_APP_ID: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  AAD_APP_CLIENT_ID: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
  TAB_DOMAIN: 'whos-online.example.net',
  APP_NAME_SUFFIX: '-test',
};

describe('app package', () => {
  it('fills the template, passes the bundled schema offline, and zips manifest and icons', async () => {
    const { zipPath, manifest } = await buildAppPackage('test', SAMPLE);
    expect(await validateManifest(manifest as { manifestVersion: string })).toEqual([]);
    const zip = await JSZip.loadAsync(readFileSync(zipPath));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const packed = JSON.parse(await zip.file('manifest.json')!.async('string')) as Record<string, unknown>;
    expect(JSON.stringify(packed)).not.toContain('${{');
    expect(packed.id).toBe(SAMPLE.TEAMS_APP_ID);
    expect(packed.validDomains).toEqual([SAMPLE.TAB_DOMAIN]);
  });

  it('fails on a manifest the schema refuses, saying why', async () => {
    await expect(buildAppPackage('test', { ...SAMPLE, TEAMS_APP_ID: 'not-a-guid' })).rejects.toThrow(/does not match schema/);
  });

  it('names every missing variable', () => {
    expect(() => fillTemplate('${{A}} ${{B}} ${{A}}', {})).toThrow('No value for A, B');
  });

  it('reads env files, treating blank values as missing', () => {
    expect(readEnvFile('# c\nTEAMSFX_ENV=dev\nTEAMS_APP_ID=\nTAB_DOMAIN="x.net"\n')).toEqual({ TEAMSFX_ENV: 'dev', TAB_DOMAIN: 'x.net' });
  });

  it('prefetches a nested app auth token for exactly the scopes the tab asks for, in the same order', async () => {
    const { manifest } = await buildAppPackage('test', SAMPLE);
    const info = manifest.webApplicationInfo as { id: string; nestedAppAuthInfo: Array<{ redirectUri: string; scopes: string[] }> };
    expect(info.id).toBe(SAMPLE.AAD_APP_CLIENT_ID);
    expect(info.nestedAppAuthInfo).toEqual([{ redirectUri: `brk-multihub://${SAMPLE.TAB_DOMAIN}`, scopes: [...GRAPH_SCOPES] }]);
    expect(manifest.showLoadingIndicator).toBe(true);
  });

  it('has a personal tab and a configurable team and group chat tab', async () => {
    const { manifest } = await buildAppPackage('test', SAMPLE);
    expect((manifest.staticTabs as Array<{ scopes: string[] }>)[0]!.scopes).toEqual(['personal']);
    expect(manifest.configurableTabs).toEqual([expect.objectContaining({ canUpdateConfiguration: true, scopes: ['team', 'groupChat'] })]);
  });
});

describe('activity feed notifications (issue 20: the relay tells a watcher someone is available)', () => {
  it('declares the activity type the relay sends, with a template whose only parameter the relay fills', async () => {
    const { manifest } = await buildAppPackage('test', SAMPLE);
    const types = (manifest.activities as { activityTypes: Array<{ type: string; templateText: string }> }).activityTypes;
    const declared = types.find((t) => t.type === ACTIVITY_TYPE);
    expect(declared).toBeDefined();
    const parameters = [...declared!.templateText.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    expect(parameters).toEqual([PERSON_PARAMETER]);
    const sent = availableNotification('Anna Lind', 'https://teams.example/l/entity/x/y');
    expect(sent.activityType).toBe(declared!.type);
    expect(sent.templateParameters.map((p) => p.name)).toEqual(parameters);
    // The emulated tenant accepts what the manifest declares (Graph refuses an undeclared type).
    expect(DECLARED_ACTIVITY_TYPES).toContain(declared!.type);
  });

  it("links to the personal tab the manifest declares, and names the tab's own Entra app (Graph takes notifications only from it)", async () => {
    const { manifest } = await buildAppPackage('test', SAMPLE);
    expect((manifest.staticTabs as Array<{ entityId: string }>)[0]!.entityId).toBe(TAB_ENTITY_ID);
    expect((manifest.webApplicationInfo as { id: string }).id).toBe(SAMPLE.AAD_APP_CLIENT_ID);
  });

  it('asks for the least privileged permission Graph lists for it: TeamsActivity.Send.User, consented when a person installs the app', async () => {
    // https://learn.microsoft.com/graph/api/userteamwork-sendactivitynotification (permissions table) and
    // https://learn.microsoft.com/microsoftteams/platform/graph-api/rsc/test-resource-specific-consent: RSC needs
    // webApplicationInfo.resource to have a value ("any string will do").
    const { manifest } = await buildAppPackage('test', SAMPLE);
    const authorization = manifest.authorization as { permissions: { resourceSpecific: Array<{ name: string; type: string }> } };
    expect(authorization.permissions.resourceSpecific).toEqual([{ name: 'TeamsActivity.Send.User', type: 'Application' }]);
    expect((manifest.webApplicationInfo as { resource?: string }).resource).toBe(`api://${SAMPLE.TAB_DOMAIN}/${SAMPLE.AAD_APP_CLIENT_ID}`);
  });
});

describe('icons', () => {
  const read = (path: string) => PNG.sync.read(readFileSync(path));

  it('are the committed drawings, at the sizes Teams requires', () => {
    expect(read('manifest/color.png')).toMatchObject({ width: 192, height: 192 });
    expect(read('manifest/outline.png')).toMatchObject({ width: 32, height: 32 });
    expect(readFileSync('manifest/color.png').equals(colorIcon())).toBe(true);
    expect(readFileSync('manifest/outline.png').equals(outlineIcon())).toBe(true);
  });

  it('outline is white on transparent; colour is opaque', () => {
    const outline = read('manifest/outline.png');
    let transparent = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const alpha = outline.data[i + 3]!;
      if (alpha === 0) transparent++;
      else expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5);
    const color = read('manifest/color.png');
    for (let i = 3; i < color.data.length; i += 4) expect(color.data[i]).toBe(255);
  });
});

// The Entra registration as the toolkit applies it: aadManifest.test.ts; the toolkit project files: toolkitProject.test.ts.
