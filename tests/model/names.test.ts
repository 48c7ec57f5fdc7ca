// Names where people type (src/model/names.ts): an id or a unique name resolves; an ambiguous or unknown name
// gets the candidates.
import { describe, expect, it } from 'vitest';
import { nameProblemCode, nameProblemMessage, resolveName } from '../../src/model/names.js';
import { TINY_STAFF, tinyInstance } from '../fixtures/tiny-semester.js';

const instance = tinyInstance({
  staff: [...TINY_STAFF, { id: 't06', name: '王芳', roles: ['teacher'], grades: [3] }, { id: 't07', name: '高平', roles: ['teacher'] }],
});
const withRooms = { ...instance, rooms: [...instance.rooms, { id: 'm1', kind: 'music', capacity: 40, name: '音乐教室1' }] };

describe('resolveName', () => {
  it('an exact id wins, then a unique name (full-width and spaces tolerated)', () => {
    expect(resolveName(instance, 'staff', 't01')).toEqual({ ok: true, id: 't01', by: 'id' });
    expect(resolveName(instance, 'staff', '高平')).toEqual({ ok: true, id: 't07', by: 'name' });
    expect(resolveName(instance, 'staff', ' 高 平 ')).toEqual({ ok: true, id: 't07', by: 'name' });
    expect(resolveName(instance, 'staff', 'Ｔ０７')).toEqual({ ok: true, id: 't07', by: 'id' });
    expect(resolveName(instance, 'club', '剪纸')).toEqual({ ok: true, id: 'paper', by: 'name' });
    expect(resolveName(withRooms, 'room', '音乐教室1')).toEqual({ ok: true, id: 'm1', by: 'name' });
    expect(resolveName(instance, 'class', '1-2')).toEqual({ ok: true, id: '1-2', by: 'id' });
  });

  it('an ambiguous name lists every match', () => {
    const r = resolveName(instance, 'staff', '王芳');
    expect(r).toEqual({ ok: false, reason: 'ambiguous', candidates: [{ id: 't01', name: '王芳' }, { id: 't06', name: '王芳' }] });
    if (r.ok) return;
    expect(nameProblemCode('staff', r)).toBe('ambiguous-name');
    expect(nameProblemMessage('staff', '王芳', r)).toBe('“王芳”对应多个教职工：王芳（t01）、王芳（t06），请改用编号');
  });

  it('an unknown name gets the closest candidates, or says there are none', () => {
    const r = resolveName(instance, 'staff', '高');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('unknown');
    expect(r.candidates.map((c) => c.id)).toEqual(['t07']);
    expect(nameProblemCode('staff', r)).toBe('unknown-staff');
    expect(nameProblemMessage('staff', '高', r)).toContain('是否想写：高平（t07）');
    const none = resolveName(instance, 'club', '航模');
    expect(none).toEqual({ ok: false, reason: 'unknown', candidates: [] });
  });
});
