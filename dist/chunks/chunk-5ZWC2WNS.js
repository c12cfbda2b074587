import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// src/ports.ts
var ArtifactNotFoundError = class extends Error {
  constructor(artifact, hint) {
    super(`artifact '${artifact}' not found${hint ? ` (${hint})` : ""}`);
    this.artifact = artifact;
    this.name = "ArtifactNotFoundError";
  }
  artifact;
  userFacing = true;
};
var ArtifactExistsError = class extends Error {
  constructor(artifact) {
    super(`artifact '${artifact}' was already uploaded in this campaign`);
    this.artifact = artifact;
    this.name = "ArtifactExistsError";
  }
  artifact;
  userFacing = true;
};
var GitError = class extends Error {
  userFacing = true;
  constructor(message) {
    super(message);
    this.name = "GitError";
  }
};
var GitAuthError = class extends GitError {
  constructor(message) {
    super(message);
    this.name = "GitAuthError";
  }
};
var GitUnsupportedError = class extends GitError {
  constructor(message) {
    super(message);
    this.name = "GitUnsupportedError";
  }
};

export {
  ArtifactNotFoundError,
  ArtifactExistsError,
  GitError,
  GitAuthError,
  GitUnsupportedError
};
