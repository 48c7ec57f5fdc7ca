// Names where people type: a school office writes `高平`, `合唱` or `音乐教室1`, not `t017`, `c04` or `r12`.
// `resolveName` maps what a person typed to the one staff member, class, club or room it means: an exact id
// first, then a unique name (compared after NFKC normalisation, so full-width characters and stray spaces do
// not matter). An ambiguous name (two 王芳) or an unknown one returns the candidates, best first, so the
// message can list them. Used by `whatif --leave`, the HTTP what-if and the pins' validation.
import type { Instance } from './schema.js';
import { editDistance } from './suggest.js';

export type NameKind = 'staff' | 'class' | 'club' | 'room';

/** One thing a name may mean: its id and, when it has one, its name. */
export type NameCandidate = { readonly id: string; readonly name?: string };

export type NameResolution =
  | { readonly ok: true; readonly id: string; readonly by: 'id' | 'name' }
  | { readonly ok: false; readonly reason: 'unknown' | 'ambiguous'; readonly candidates: readonly NameCandidate[] };

const KIND_ZH: Record<NameKind, string> = { staff: '教职工', class: '班级', club: '社团', room: '教室/场地' };

/** Most candidates listed for one unknown name. */
const MAX_CANDIDATES = 5;

const normal = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** The entries of one list of the instance as candidates (first occurrence of an id wins). */
export function nameCandidates(instance: Pick<Instance, 'staff' | 'classes' | 'clubs' | 'rooms'>, kind: NameKind): NameCandidate[] {
  switch (kind) {
    case 'staff':
      return instance.staff.map((s) => ({ id: s.id, name: s.name }));
    case 'class':
      return instance.classes.map((c) => ({ id: c.id }));
    case 'club':
      return (instance.clubs ?? []).map((c) => ({ id: c.id, name: c.name }));
    case 'room':
      return instance.rooms.map((r) => (r.name !== undefined ? { id: r.id, name: r.name } : { id: r.id }));
  }
}

/**
 * Resolve what a person typed to an id of `kind`: the exact id; else the exact id or name after normalisation,
 * when it names exactly one; else `ambiguous` (every match) or `unknown` (the closest few by name or id).
 */
export function resolveName(
  instance: Pick<Instance, 'staff' | 'classes' | 'clubs' | 'rooms'>,
  kind: NameKind,
  typed: string,
): NameResolution {
  const all = nameCandidates(instance, kind);
  if (all.some((c) => c.id === typed)) return { ok: true, id: typed, by: 'id' };
  const want = normal(typed);
  if (want === '') return { ok: false, reason: 'unknown', candidates: [] };
  const byId = all.filter((c) => normal(c.id) === want);
  const byName = all.filter((c) => c.name !== undefined && normal(c.name) === want);
  const matches = dedupe([...byId, ...byName]);
  if (matches.length === 1) return { ok: true, id: matches[0].id, by: byName.length > 0 && byId.length === 0 ? 'name' : 'id' };
  if (matches.length > 1) return { ok: false, reason: 'ambiguous', candidates: matches };
  return { ok: false, reason: 'unknown', candidates: closest(all, want) };
}

function dedupe(list: readonly NameCandidate[]): NameCandidate[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
}

/** The candidates nearest to an unknown name: containing it (or contained in it), then within a small edit distance. */
function closest(all: readonly NameCandidate[], want: string): NameCandidate[] {
  const scored: { c: NameCandidate; score: number; order: number }[] = [];
  all.forEach((c, order) => {
    let best = Infinity;
    for (const text of [c.id, c.name]) {
      if (text === undefined) continue;
      const t = normal(text);
      if (t.includes(want) || (t.length >= 2 && want.includes(t))) best = Math.min(best, 0);
      else if (t.length <= 40 && want.length <= 40) {
        const d = editDistance(t, want);
        if (d <= Math.max(1, Math.floor(Math.max(t.length, want.length) / 3))) best = Math.min(best, d);
      }
    }
    if (best < Infinity) scored.push({ c, score: best, order });
  });
  scored.sort((a, b) => a.score - b.score || a.order - b.order);
  return scored.slice(0, MAX_CANDIDATES).map((s) => s.c);
}

/** `高平（t017）` or `t017`. */
export const candidateLabel = (c: NameCandidate): string => (c.name !== undefined ? `${c.name}（${c.id}）` : c.id);

/** The Chinese message for a name that does not resolve, listing the candidates. */
export function nameProblemMessage(kind: NameKind, typed: string, r: Extract<NameResolution, { ok: false }>): string {
  const what = KIND_ZH[kind];
  const list = r.candidates.map(candidateLabel).join('、');
  if (r.reason === 'ambiguous') return `“${typed}”对应多个${what}：${list}，请改用编号`;
  return r.candidates.length > 0 ? `${what}“${typed}”不在名单中，是否想写：${list}？` : `${what}“${typed}”不在名单中（既不是编号，也不是名称）`;
}

/** The stable code of a name that does not resolve: `ambiguous-name` or `unknown-<kind>`. */
export const nameProblemCode = (kind: NameKind, r: Extract<NameResolution, { ok: false }>): string =>
  r.reason === 'ambiguous' ? 'ambiguous-name' : `unknown-${kind}`;
