// What identifies a build across runners: the same fingerprint means the same sources built
// the same way by the same tools, so one runner's build serves every other. Pure: the caller
// gathers the inputs (adapters/build-inputs.ts).
import { createHash } from '../hash.js';
import type { BuildSettings } from '../campaign/settings.js';
import type { ProjectSettings } from '../campaign/project-settings.js';
import type { FeatureChoice } from '../projects/features.js';

export interface BuildInputs {
  /** Git tree id of the project folder's sources (work tree, outputs and results excluded). */
  readonly sourceTree: string;
  /** Tool → its version line (`c++ --version`, `make --version`, ...). */
  readonly toolchain: Readonly<Record<string, string>>;
  /** `opp_run -v`, when OMNeT++ is installed. */
  readonly omnetpp: string | undefined;
  /** Enabled features: the project's feature-state files (INET's .oppfeaturestate), by content. */
  readonly features: Readonly<Record<string, string>>;
  /** How the model is built (preset, target, arguments, mode, command). */
  readonly build: BuildSettings;
  /** The build flags in the environment (CXXFLAGS, MODE, ...), as BUILD_ENV names them. */
  readonly env: Readonly<Record<string, string>>;
  /** What the artifact holds (so a change of `build.outputs` is a different build). */
  readonly outputs: readonly string[];
  /** `linux-x64` */
  readonly platform: string;
  /** Referenced projects and the features enabled or disabled in them (campaign file). */
  readonly referenced?: {
    readonly projects: readonly ProjectSettings[];
    readonly features: Readonly<Record<string, FeatureChoice>>;
  };
}

/** Environment variables that change what a build produces. */
export const BUILD_ENV = [
  'CC',
  'CXX',
  'CFLAGS',
  'CXXFLAGS',
  'CPPFLAGS',
  'LDFLAGS',
  'LDLIBS',
  'MODE',
  'OMNETPP_ROOT',
  'OMNETPP_CONFIGFILE',
] as const;

/** Feature-state files whose content is part of the fingerprint when present. */
export const FEATURE_FILES = ['.oppfeaturestate', '.nedexclusions', '.oppfeatures'] as const;

/** JSON with sorted keys at every level: the same inputs always hash alike. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

export function buildFingerprint(inputs: BuildInputs): string {
  return createHash('sha256')
    .update('opp-campaign build v1\n')
    .update(canonical(inputs))
    .digest('hex');
}

/**
 * Days GitHub keeps the campaign's internal artifacts (builds, build markers, the pull-request
 * comment): they serve the run and its re-runs, not the people reading the results. A re-run
 * after they expire builds again.
 */
export const INTERNAL_RETENTION_DAYS = 1;

/** The artifact a fingerprint's build is published as. */
export const buildArtifactName = (fingerprint: string): string =>
  `build-${fingerprint.slice(0, 32)}`;

/** The marker a job uploads when it starts building a fingerprint. */
export const buildMarkerName = (fingerprint: string, job: string): string =>
  `${buildArtifactName(fingerprint)}.building.${job.replace(/[^A-Za-z0-9._-]/g, '_')}`;
