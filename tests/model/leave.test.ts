// One leave validator for `kehou whatif`, POST /v1/whatif and the workspace's what-if (src/model/leave.ts):
// structure as the format's Leave, the staff member by id or unique name, from ≤ to; all problems at once.
import { describe, expect, it } from 'vitest';
import { checkLeaveList, parseLeaveText } from '../../src/model/leave.js';
import { TINY_STAFF, tinyInstance } from '../fixtures/tiny-semester.js';

const instance = tinyInstance({
  staff: [...TINY_STAFF, { id: 't06', name: '王芳', roles: ['teacher'], grades: [3] }, { id: 't07', name: '高平', roles: ['teacher'] }],
});
const codes = (r: ReturnType<typeof checkLeaveList>) => (r.ok ? [] : r.problems.map((p) => `${p.path} ${p.code}`));

describe('checkLeaveList', () => {
  it('a valid list comes back with staff ids (an id, or a unique name), id and reason kept', () => {
    const r = checkLeaveList(instance, [
      { staff: 't01', from: '2026-09-07', to: '2026-09-08' },
      { staff: '高平', from: '2026-09-09', to: '2026-09-09', id: 'L1', reason: '病假' },
    ]);
    expect(r).toEqual({
      ok: true,
      leave: [
        { staff: 't01', from: '2026-09-07', to: '2026-09-08' },
        { staff: 't07', from: '2026-09-09', to: '2026-09-09', id: 'L1', reason: '病假' },
      ],
    });
  });

  it('every problem at once, in record order, with its JSON Pointer and code', () => {
    const r = checkLeaveList(instance, [
      { staff: 'ghost', from: '2026-09-10', to: '2026-09-08' },
      { staff: '王芳', from: '2026-09-07', to: '2026-09-07' },
      { staff: 't01', from: 'soon' },
      { staff: 't01', from: '2026-02-30', to: '2026-03-01', colour: 'red' },
      'not a record',
    ]);
    expect(codes(r)).toEqual([
      '/leave/0/staff unknown-staff',
      '/leave/0/to bad-range',
      '/leave/1/staff ambiguous-name',
      '/leave/2/to missing-field',
      '/leave/2/from bad-date',
      '/leave/3/colour unknown-field',
      '/leave/3/from bad-date',
      '/leave/4 wrong-type',
    ]);
    expect(!r.ok && r.problems.find((p) => p.code === 'ambiguous-name')?.message).toContain('王芳（t01）、王芳（t06）');
  });

  it('paths under the given base; not a list, or past the limit, is one problem at the base', () => {
    expect(codes(checkLeaveList(instance, [{ staff: 'ghost', from: '2026-09-07', to: '2026-09-07' }], { base: '' }))).toEqual(['/0/staff unknown-staff']);
    expect(codes(checkLeaveList(instance, { staff: 't01' }))).toEqual(['/leave wrong-type']);
    const many = Array.from({ length: 3 }, () => ({ staff: 't01', from: '2026-09-07', to: '2026-09-07' }));
    expect(codes(checkLeaveList(instance, many, { maxItems: 2 }))).toEqual(['/leave too-many']);
    expect(checkLeaveList(instance, [])).toEqual({ ok: true, leave: [] });
  });
});

describe('parseLeaveText', () => {
  it('STAFF:FROM..TO, STAFF:DATE, full-width colon and dots', () => {
    expect(parseLeaveText('t01:2026-09-07..2026-09-08')).toEqual({ ok: true, leave: { staff: 't01', from: '2026-09-07', to: '2026-09-08' } });
    expect(parseLeaveText(' 高平：2026-09-07 ')).toEqual({ ok: true, leave: { staff: '高平', from: '2026-09-07', to: '2026-09-07' } });
    expect(parseLeaveText('高平:2026-09-07。。2026-09-09')).toEqual({ ok: true, leave: { staff: '高平', from: '2026-09-07', to: '2026-09-09' } });
  });

  it('a Chinese message for a missing colon, a bad range, a date that does not exist, a backwards range', () => {
    for (const bad of ['t01', 't01:2026-09-07..', 't01:2026-02-30', 't01:2026-09-08..2026-09-07']) {
      const r = parseLeaveText(bad);
      expect(r.ok, bad).toBe(false);
      expect(!r.ok && /[\u4e00-\u9fff]/.test(r.message)).toBe(true);
    }
  });
});
