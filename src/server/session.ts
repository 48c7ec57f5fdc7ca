// The office's sign-in (口令) when KEHOU_API_TOKEN is set: the page at / and its actions need a session cookie, the
// API takes `Authorization: Bearer` or the same cookie (the page's own links to /docs; the Origin/Host guard of
// app.ts still refuses other sites). The cookie is stateless: `<expiry>.<HMAC-SHA256(token, expiry)>`, so it
// survives a restart, ends after SESSION_HOURS, and changing the token signs everyone out. Every comparison is in
// constant time over SHA-256 digests. Without a token nothing here applies (a loopback Kehou stays open).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { PageSession } from '../web/service.js';

export const SESSION_COOKIE = 'kehou_session';
/** A session lasts a working day and a half; then the office signs in again. */
export const SESSION_HOURS = 12;

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest();
const sameText = (a: string, b: string) => timingSafeEqual(sha256(a), sha256(b));

/** The value of one cookie of the request, or null. */
function cookieOf(request: FastifyRequest, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Was the request made over https (directly, or through a proxy that says so)? */
function overHttps(request: FastifyRequest): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return request.protocol === 'https' || first === 'https';
}

export type Sessions = PageSession & {
  /** does the request carry a valid, unexpired session cookie? */
  readonly valid: (request: FastifyRequest) => boolean;
};

/** Sessions for a token; `enabled: false` (every request passes) when the token is empty. */
export function createSessions(token: string, now: () => number = Date.now): Sessions {
  const enabled = token.length > 0;
  const mac = (expiry: string) => createHmac('sha256', token).update(`kehou-session:${expiry}`).digest('hex');
  const attributes = (request: FastifyRequest) => `Path=/; HttpOnly; SameSite=Strict${overHttps(request) ? '; Secure' : ''}`;
  return {
    enabled,
    tokenMatches: (given) => enabled && sameText(given, token),
    valid: (request) => {
      if (!enabled) return true;
      const value = cookieOf(request, SESSION_COOKIE);
      const m = value === null ? null : /^(\d{1,15})\.([0-9a-f]{64})$/.exec(value);
      if (!m) return false;
      return sameText(m[2], mac(m[1])) && Number(m[1]) > now();
    },
    signIn: (request) => {
      const expiry = String(now() + SESSION_HOURS * 3_600_000);
      return `${SESSION_COOKIE}=${expiry}.${mac(expiry)}; Max-Age=${SESSION_HOURS * 3600}; ${attributes(request)}`;
    },
    signOut: (request) => `${SESSION_COOKIE}=; Max-Age=0; ${attributes(request)}`,
  };
}
