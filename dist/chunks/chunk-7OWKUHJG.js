import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// src/core/git/secrets.ts
var TOKEN_USER = "x-access-token";
function basicAuthHeader(token) {
  return `Authorization: Basic ${Buffer.from(`${TOKEN_USER}:${token}`).toString("base64")}`;
}
function redact(text, token) {
  let out = text.replace(/(\w+:\/\/)[^/@\s]+@/g, "$1***@");
  if (!token) return out;
  const forms = [
    token,
    encodeURIComponent(token),
    Buffer.from(`${TOKEN_USER}:${token}`).toString("base64"),
    Buffer.from(token).toString("base64")
  ];
  for (const f of forms) out = out.split(f).join("***");
  return out;
}
function httpOrigin(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return void 0;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return void 0;
  return `${u.protocol}//${u.host}/`;
}
function withoutCredentials(url) {
  return url.replace(/^(\w+:\/\/)[^/@\s]+@/, "$1");
}

export {
  TOKEN_USER,
  basicAuthHeader,
  redact,
  httpOrigin,
  withoutCredentials
};
