// What a Makefile written by opp_makemake builds. Its header names it (`# OMNeT++/OMNEST Makefile
// for aloha`) and three variables say the target (opp_makemake's template, OMNeT++ 6.1):
//   TARGET_DIR = .
//   TARGET_NAME = $(LIB_PREFIX)queueinglib$(D)
//   TARGET = $(TARGET_NAME)$(SHARED_LIB_SUFFIX)      (EXE_SUFFIX, SHARED_LIB_SUFFIX, A_LIB_SUFFIX)
// A --nolink Makefile has none of them. $(D) is `_dbg` in debug mode and empty in release.

export interface MakefileTarget {
  readonly kind: 'exe' | 'shared' | 'static';
  /** Relative to the Makefile's folder, without prefix, suffix and `$(D)`, e.g. `out/aloha`. */
  readonly path: string;
}

export interface MakefileFacts {
  /** Written by opp_makemake (its header says so). */
  readonly generated: boolean;
  /** The target, for a generated Makefile that links one. */
  readonly target: MakefileTarget | undefined;
}

const KINDS: Record<string, MakefileTarget['kind']> = {
  EXE_SUFFIX: 'exe',
  SHARED_LIB_SUFFIX: 'shared',
  A_LIB_SUFFIX: 'static',
};

function variable(text: string, name: string): string | undefined {
  return new RegExp(`^${name}\\s*=[ \\t]*(.*?)\\s*$`, 'm').exec(text)?.[1];
}

export function makefileFacts(text: string): MakefileFacts {
  const generated = /^#\s*OMNeT\+\+\/OMNEST Makefile for /m.test(text);
  if (!generated) return { generated, target: undefined };
  const dir = variable(text, 'TARGET_DIR') ?? '.';
  const name = variable(text, 'TARGET_NAME')
    ?.replace('$(LIB_PREFIX)', '')
    .replace('$(D)', '')
    .trim();
  const suffix = /^\$\(TARGET_NAME\)\$\((\w+)\)$/.exec(variable(text, 'TARGET') ?? '')?.[1];
  const kind = suffix === undefined ? undefined : KINDS[suffix];
  if (!name || kind === undefined) return { generated, target: undefined };
  const clean = dir.replace(/\/+$/, '');
  return {
    generated,
    target: { kind, path: clean === '.' || clean === '' ? name : `${clean}/${name}` },
  };
}
