// Detected settings under the campaign file: what the project's folder says (core/projects/
// detect.ts) fills in every setting the campaign file leaves out (all of them without a file),
// and a setting the file gives always wins. A `command` run is not an OMNeT++ model launch:
// nothing is detected for it. Says in one line what was detected.
import type { Detection } from '../projects/detect.js';
import type { CampaignSettings } from './settings.js';

/** Which detectable settings the campaign file gives. */
export interface GivenSettings {
  readonly build: boolean;
  /** `run.program` or `run.libraries` (the model), or a `command` run. */
  readonly model: boolean;
  readonly nedPath: boolean;
  readonly projects: boolean;
}

export const NOTHING_GIVEN: GivenSettings = {
  build: false,
  model: false,
  nedPath: false,
  projects: false,
};

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The detectable keys a (valid) parsed campaign file sets. */
export function givenSettings(value: unknown): GivenSettings {
  if (!isObj(value)) return NOTHING_GIVEN;
  const run = isObj(value['run']) ? value['run'] : {};
  const has = (o: Record<string, unknown>, k: string): boolean => o[k] !== undefined;
  return {
    build: has(value, 'build'),
    model:
      has(run, 'program') ||
      has(run, 'libraries') ||
      has(run, 'command') ||
      run['preset'] === 'command',
    nedPath: has(run, 'ned-path'),
    projects: has(value, 'projects'),
  };
}

export class ModelDetectionError extends Error {
  readonly userFacing = true;
  /** The campaign file's entry the error is about (its line is added where the file is read). */
  settingsPath?: readonly (string | number)[];
  constructor(message: string) {
    super(message);
    this.name = 'ModelDetectionError';
  }
}

export interface Detected {
  readonly settings: CampaignSettings;
  /** `detected: build ...; model ...`, or undefined when the file gives everything. */
  readonly line: string | undefined;
}

const HINT = 'say what to run in opp-campaign.yml (run: program or libraries; build:)';

/**
 * The settings with the detected ones filled in. `dir` names the folder in errors. Throws
 * ModelDetectionError for an ambiguous or missing model, or a referenced project not found.
 */
export function applyDetection(
  s: CampaignSettings,
  given: GivenSettings,
  d: Detection,
  dir: string,
): Detected {
  if (s.run.preset === 'command') return { settings: s, line: undefined };
  if (!given.projects)
    for (const m of d.missing)
      throw new ModelDetectionError(
        `project '${m.name}' (referenced by ${m.referencedBy}) not found: looked in ${m.lookedIn.join(', ')}; put it there, or declare it under projects: in opp-campaign.yml`,
      );
  const projects = given.projects ? s.projects : d.projects.length > 0 ? d.projects : s.projects;
  // features of projects the file does not declare: of those detected
  const names = (projects ?? []).map((p) => p.name);
  for (const name of Object.keys(s.features ?? {}))
    if (!names.includes(name))
      throw Object.assign(
        new ModelDetectionError(
          `'features.${name}': '${name}' is not a referenced project (the model's: ${names.join(', ') || 'none'}; a model's own .oppfeatures is not applied, only referenced projects')`,
        ),
        { settingsPath: ['features', name] },
      );
  const parts: string[] = [];
  if (!given.build) parts.push(`build ${d.buildText}`);

  let model = { program: s.run.program, libraries: s.run.libraries };
  if (!given.model) {
    const m = d.model;
    if (m.kind === 'ambiguous')
      throw new ModelDetectionError(
        `${dir}: cannot tell which is the model: ${m.message}; ${HINT}`,
      );
    if (m.kind === 'found') {
      model = { program: m.program, libraries: m.libraries };
      const libs = m.libraries.map((l) => ` -l ${l}`).join('');
      parts.push(
        `model ${m.program ?? `opp_run${libs}`}${m.program && libs ? libs : ''} (${m.why})`,
      );
    } else if ((projects?.length ?? 0) > 0)
      parts.push("model opp_run with the referenced projects' libraries");
    else if (d.iniLoadsLibraries) parts.push("model opp_run with the ini files' load-libs");
    else
      throw new ModelDetectionError(
        `${dir}: no simulation model found: looked for ${m.lookedFor}; build the model first, or ${HINT}`,
      );
  }
  if (!given.projects && d.projectTexts.length > 0)
    parts.push(`projects ${d.projectTexts.join(', ')}`);
  const nedPath = given.nedPath ? s.run.nedPath : d.nedPath;
  if (!given.nedPath && d.nedPath.length > 0) parts.push(`NED path ${d.nedPath.join(':')}`);

  const settings: CampaignSettings = {
    ...s,
    build: given.build ? s.build : d.build,
    run: {
      preset: 'omnetpp',
      ...(model.program !== undefined ? { program: model.program } : {}),
      libraries: model.libraries,
      nedPath,
      args: s.run.args,
    },
    ...(projects ? { projects } : {}),
  };
  return { settings, line: parts.length > 0 ? `detected: ${parts.join('; ')}` : undefined };
}
