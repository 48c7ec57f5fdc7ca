// The duty strings of the format (值班任务的标识, docs/decisions.md "Duty strings"): how shortfalls, substitutions
// and what-if changes name a duty. Built and read only here, by the solver and by the checker alike.
import type { WeekdayName } from './schema.js';

/** `group <id> block <i>`: block i (0-based) of a group's timeline */
export const groupBlockDuty = (group: string, block: number): string => `group ${group} block ${block}`;
/** `club <id>`: a school-level club's leader, on all its days */
export const clubDuty = (club: string): string => `club ${club}`;
/** `latePickup <day> #<n>`: the n-th (1-based) late-pickup duty of a weekday */
export const latePickupDuty = (day: WeekdayName, n: number): string => `latePickup ${day} #${n}`;
/** `room group <id>`: a group with no room */
export const groupRoomDuty = (group: string): string => `room group ${group}`;
/** `room club <id>`: a club with no room */
export const clubRoomDuty = (club: string): string => `room club ${club}`;
/** `inspection <date> #<n>`: the n-th (1-based) inspection slot of a date */
export const inspectionDuty = (date: string, n: number): string => `inspection ${date} #${n}`;

/** the club id of a `club <id>` duty, else undefined */
export const clubOfDuty = (duty: string): string | undefined => (duty.startsWith('club ') ? duty.slice(5) : undefined);
/** is it a `latePickup …` duty? */
export const isLatePickupDuty = (duty: string): boolean => duty.startsWith('latePickup ');
/** is it an `inspection …` duty (of `date` when given)? */
export const isInspectionDuty = (duty: string, date?: string): boolean => duty.startsWith(date === undefined ? 'inspection ' : `inspection ${date}`);
/** `latePickup <day> #` without the number: the duties of one weekday share it */
export const latePickupDayPrefix = (duty: string): string => duty.slice(0, duty.indexOf('#'));
