// Per-tenant tokens (KEHOU_TOKENS_FILE): a JSON object from token to the schools (instance school.name) it
// may plan and read, or "*" for every school (a district's own tools). With a tokens file, every /v1 route
// needs `Authorization: Bearer <token>`; a token may submit only its own schools, and a job of another school
// is "not found" to it, so one school never reads another's plan. KEHOU_API_TOKEN, when also set, counts as "*".
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type TenantGrant = { readonly all: boolean; readonly schools: ReadonlySet<string> };

export type Tenants = { readonly grantOf: (token: string) => TenantGrant | undefined; readonly size: number };

export type TenantsRead = { readonly ok: true; readonly tenants: Tenants } | { readonly ok: false; readonly message: string };

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Tenants from the parsed file: every problem at once, in Chinese. */
export function tenantsFrom(value: unknown, where = 'KEHOU_TOKENS_FILE'): TenantsRead {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: `${where}：应为 JSON 对象 {"令牌": ["学校名称", …] 或 "*"}` };
  }
  const grants = new Map<string, TenantGrant>();
  const problems: string[] = [];
  for (const [token, schools] of Object.entries(value as Record<string, unknown>)) {
    const name = `令牌“${token.slice(0, 4)}…”`;
    if (token.length < 16) problems.push(`${where}：${name}太短（至少 16 个字符）`);
    if (schools === '*') grants.set(digest(token), { all: true, schools: new Set() });
    else if (Array.isArray(schools) && schools.length > 0 && schools.every((s) => typeof s === 'string' && s !== '')) {
      grants.set(digest(token), { all: false, schools: new Set(schools as string[]) });
    } else problems.push(`${where}：${name}的取值应为学校名称的列表（非空）或 "*"`);
  }
  if (problems.length > 0) return { ok: false, message: problems.join('\n') };
  // lookups by the token's hash: no comparison of the secret itself, character by character
  return { ok: true, tenants: { grantOf: (token) => grants.get(digest(token)), size: grants.size } };
}

/** Reads a tokens file (JSON). */
export function readTenantsFile(path: string): TenantsRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, message: `无法读取令牌文件“${path}”：${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  try {
    return tenantsFrom(JSON.parse(text), `令牌文件“${path}”`);
  } catch {
    return { ok: false, message: `令牌文件“${path}”不是有效的 JSON` };
  }
}

/** A grant allows a school. */
export const allows = (grant: TenantGrant, school: string | undefined): boolean => grant.all || (school !== undefined && grant.schools.has(school));
