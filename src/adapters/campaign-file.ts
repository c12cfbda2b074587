// Reads opp-campaign.yml: YAML syntax errors and invalid settings both name the file and line.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { givenSettings, NOTHING_GIVEN, type GivenSettings } from '../core/campaign/detected.js';
import {
  DEFAULT_SETTINGS,
  parseCampaignSettings,
  SettingsError,
  type CampaignSettings,
} from '../core/campaign/settings.js';

/** A campaign file that cannot be read as one: `file` (and `line`, where there is one) says where. */
export class CampaignFileError extends Error {
  readonly userFacing = true;
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${reason}`);
    this.name = 'CampaignFileError';
  }

  /** The same error with `file` named relative to `dir` (a file below it; others stay). */
  relativeTo(dir: string): CampaignFileError {
    const rel = relative(dir, this.file);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return this;
    return new CampaignFileError(rel, this.line, this.reason);
  }
}

export const CAMPAIGN_FILES = ['opp-campaign.yml', 'opp-campaign.yaml'];

/** yaml's own default: enough for any campaign file, far too few for an alias bomb. */
const MAX_ALIASES = 100;

export function findCampaignFile(dir: string): string | undefined {
  return CAMPAIGN_FILES.map((f) => join(dir, f)).find((p) => existsSync(p));
}

export async function readCampaignFile(path: string | undefined): Promise<CampaignSettings> {
  return (await readCampaign(path)).settings;
}

/** The campaign file's settings, and which of the detectable ones it gives. */
export async function readCampaign(path: string | undefined): Promise<{
  settings: CampaignSettings;
  given: GivenSettings;
}> {
  if (path === undefined) return { settings: DEFAULT_SETTINGS, given: NOTHING_GIVEN };
  // the YAML parser is loaded only for a campaign file (a start without one does not wait for
  // it); yaml is CommonJS: its exports are the module's default export (bundled, only that)
  const { isNode, LineCounter, parseDocument } = (await import('yaml')).default;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    // reading a folder fails in read(2), which names no path: name it
    const err = e as Error & { path?: string };
    throw err.path === undefined ? Object.assign(err, { path, syscall: 'read' }) : err;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const line = lines.linePos(first.pos[0]).line;
    throw new CampaignFileError(path, line, first.message.split('\n')[0] ?? '');
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    // yaml refuses aliases that would expand the document past maxAliasCount (a "billion
    // laughs" file); its error is a ReferenceError
    throw new CampaignFileError(
      path,
      undefined,
      `aliases (*name) expand the file too much (${(e as Error).message}); write the values out`,
    );
  }
  try {
    return { settings: parseCampaignSettings(value), given: givenSettings(value) };
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    const line = lineOf(doc, lines, e.path, isNode);
    throw new CampaignFileError(path, line, e.message);
  }
}

type Yaml = typeof import('yaml');

/** The line of the key at `path` when it exists, else of its nearest parent that does. */
function lineOf(
  doc: ReturnType<Yaml['parseDocument']>,
  lines: InstanceType<Yaml['LineCounter']>,
  path: readonly (string | number)[],
  isNode: Yaml['isNode'],
): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const pair =
      n > 0
        ? findKeyNode(doc.getIn(path.slice(0, n - 1), true) ?? doc.contents, path[n - 1], isNode)
        : undefined;
    const target = pair ?? node;
    if (isNode(target) && target.range) return lines.linePos(target.range[0]).line;
  }
  return undefined;
}

/**
 * `FILE:LINE` of the campaign file's entry at `path` (`['sidecars', 0, 'dir']`), for errors
 * found after the file was read (a sidecar's folder missing, a feature its project lacks);
 * undefined when the file does not have the entry.
 */
export async function campaignFileLocation(
  dir: string,
  path: readonly (string | number)[],
): Promise<string | undefined> {
  const file = findCampaignFile(dir);
  if (file === undefined) return undefined;
  const { isNode, LineCounter, parseDocument } = (await import('yaml')).default;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  // the entry itself only: a parent's line would point at the wrong entry (a project the file
  // does not declare, detected)
  if (!doc.hasIn(path)) return undefined;
  const line = lineOf(doc, lines, path, isNode);
  return line !== undefined ? `${file}:${line}` : file;
}

function findKeyNode(
  parent: unknown,
  key: string | number | undefined,
  isNode: typeof import('yaml').isNode,
): unknown {
  if (!isNode(parent) || !('items' in parent) || key === undefined) return undefined;
  const items = (parent as { items: unknown[] }).items;
  if (typeof key === 'number') return items[key];
  for (const item of items) {
    const k = (item as { key?: unknown }).key;
    if (isNode(k) && 'value' in k && (k as { value: unknown }).value === key) return k;
  }
  return undefined;
}
