/**
 * `npm run package [env]`: fills manifest/manifest.template.json from env/.env.<env> (default
 * dev) and the process environment, validates it offline against the schema that
 * @microsoft/app-manifest bundles, and writes appPackage/build/appPackage.<env>.zip with the icons.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import JSZip from 'jszip';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(new URL(import.meta.url).pathname), '..', '..');

/** Reads KEY=value lines; blank values count as missing. */
export function readEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && match[2] !== '') values[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
  }
  return values;
}

/** Replaces every ${{NAME}}; throws naming every variable that has no value. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string {
  const missing = new Set<string>();
  const filled = template.replace(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) missing.add(name);
    return value ?? '';
  });
  if (missing.size > 0) throw new Error(`No value for ${[...missing].join(', ')}: set them in the env file or the environment.`);
  return filled;
}

export function bundledManifestSchema(version: string): object {
  const entry = require.resolve('@microsoft/app-manifest');
  const path = join(dirname(entry), 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
  return JSON.parse(readFileSync(path, 'utf8')) as object;
}

/** Schema errors of a filled manifest, against the bundled schema of its own manifestVersion. */
export async function validateManifest(manifest: { manifestVersion: string }): Promise<string[]> {
  const schema = bundledManifestSchema(manifest.manifestVersion);
  return AppManifestUtils.validateAgainstSchema(manifest as never, schema as never);
}

export async function buildAppPackage(
  env: string,
  values: Readonly<Record<string, string | undefined>>,
): Promise<{ zipPath: string; manifest: Record<string, unknown> }> {
  const template = readFileSync(join(ROOT, 'manifest', 'manifest.template.json'), 'utf8');
  // An empty suffix is a value: production names carry none.
  const manifestText = fillTemplate(template, { APP_NAME_SUFFIX: '', ...values });
  const manifest = JSON.parse(manifestText) as Record<string, unknown> & { manifestVersion: string };
  const errors = await validateManifest(manifest);
  if (errors.length > 0) throw new Error(`The manifest does not match schema v${manifest.manifestVersion}:\n${errors.join('\n')}`);
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  zip.file('color.png', readFileSync(join(ROOT, 'manifest', 'color.png')));
  zip.file('outline.png', readFileSync(join(ROOT, 'manifest', 'outline.png')));
  const out = join(ROOT, 'appPackage', 'build');
  mkdirSync(out, { recursive: true });
  const zipPath = join(out, `appPackage.${env}.zip`);
  writeFileSync(zipPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  writeFileSync(join(out, `manifest.${env}.json`), JSON.stringify(manifest, null, 2));
  return { zipPath, manifest };
}

if (process.argv[1]?.endsWith('package.ts')) {
  const env = process.argv[2] ?? 'dev';
  let fileValues: Record<string, string> = {};
  try {
    fileValues = readEnvFile(readFileSync(join(ROOT, 'env', `.env.${env}`), 'utf8'));
  } catch {
    // No env file: the process environment alone.
  }
  const values: Record<string, string | undefined> = { ...fileValues };
  for (const [k, v] of Object.entries(process.env)) if (v) values[k] = v;
  try {
    const { zipPath } = await buildAppPackage(env, values);
    console.log(`Wrote ${zipPath} (manifest valid against the bundled schema)`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
