// The format's duty strings (src/model/duty-keys.ts): built and read in one place.
import { describe, expect, it } from 'vitest';
import {
  clubDuty,
  clubOfDuty,
  clubRoomDuty,
  groupBlockDuty,
  groupRoomDuty,
  inspectionDuty,
  isInspectionDuty,
  isLatePickupDuty,
  latePickupDayPrefix,
  latePickupDuty,
} from '../../src/model/duty-keys.js';

describe('duty strings', () => {
  it('build the strings of format.md', () => {
    expect(groupBlockDuty('thu/1-2', 0)).toBe('group thu/1-2 block 0');
    expect(clubDuty('football')).toBe('club football');
    expect(latePickupDuty('mon', 1)).toBe('latePickup mon #1');
    expect(groupRoomDuty('mon/3-1')).toBe('room group mon/3-1');
    expect(clubRoomDuty('choir')).toBe('room club choir');
    expect(inspectionDuty('2026-09-14', 2)).toBe('inspection 2026-09-14 #2');
  });

  it('read them back', () => {
    expect(clubOfDuty(clubDuty('a b'))).toBe('a b');
    expect(clubOfDuty(groupBlockDuty('g', 1))).toBeUndefined();
    expect(clubOfDuty(clubRoomDuty('x'))).toBeUndefined();
    expect(isLatePickupDuty(latePickupDuty('fri', 2))).toBe(true);
    expect(isLatePickupDuty(clubDuty('latePickup'))).toBe(false);
    expect(latePickupDayPrefix(latePickupDuty('fri', 2))).toBe(latePickupDayPrefix(latePickupDuty('fri', 1)));
    expect(isInspectionDuty(inspectionDuty('2026-09-14', 1))).toBe(true);
    expect(isInspectionDuty(inspectionDuty('2026-09-14', 1), '2026-09-14')).toBe(true);
    expect(isInspectionDuty(inspectionDuty('2026-09-14', 1), '2026-09-15')).toBe(false);
  });
});
