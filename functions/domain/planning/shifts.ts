import type { ShiftType } from '#domain/planning/day-model';

/**
 * Rounds a per-interval requirement (counselors at work in each 30-minute slot of the open day)
 * into shifts counselors can work: each configured shift type (e.g. 8 paid hours with a 1-hour
 * lunch, or 4 hours without), starting on any half hour such that it ends by closing time, with
 * the lunch anywhere in its window.
 *
 * Heuristic (no ILP solver): a greedy weighted set multicover, then local clean-up.
 * 1. Greedy: repeatedly add the pattern (type × start × lunch position) that covers the most
 *    still-uncovered counselor-slots per paid slot; ties go to the pattern covering more slots,
 *    then to longer shifts (fewer people), then to the earlier start and lunch. The greedy ratio
 *    rule is the classic approximation for weighted set cover (within a factor H(max slots) of
 *    the optimum; Chvátal 1979); on call-center curves it lands within a few percent of the lower
 *    bound Σ requirement × 30 min, which the plan reports beside it.
 * 2. Clean-up until nothing changes: drop a shift whose every slot is over-covered without it;
 *    replace a shift by a cheaper pattern covering every slot only it covers; merge two shifts
 *    into one no dearer pattern (same hours, one counselor fewer); move a shift (other start or
 *    lunch position, no dearer) when that makes another shift redundant.
 * Slots no pattern can reach (a requirement before the earliest possible start, say) are left
 * uncovered and reported.
 */

export interface ShiftPattern {
  type: string;
  /** First slot worked (index from the opening). */
  start: number;
  /** Slot after the last (the shift ends at the start of this slot). */
  end: number;
  /** The lunch break's slots [start, end), inside the shift. */
  lunch?: { start: number; end: number };
  /** Paid slots (span minus lunch). */
  paidSlots: number;
}

export interface ShiftCover {
  shifts: ShiftPattern[];
  /** Counselors at work per slot (lunch excluded). */
  scheduled: number[];
  /** Slots whose requirement no pattern could meet, with the missing counselors. */
  uncovered: { slot: number; missing: number }[];
}

const works = (p: ShiftPattern, slot: number): boolean =>
  slot >= p.start && slot < p.end && !(p.lunch && slot >= p.lunch.start && slot < p.lunch.end);

/** Every pattern of every shift type that fits in `slots` slots (30 minutes each). */
export const shiftPatterns = (
  types: readonly ShiftType[],
  slots: number,
  slotMinutes = 30,
): ShiftPattern[] => {
  const perHour = 60 / slotMinutes;
  const patterns: ShiftPattern[] = [];
  for (const type of types) {
    const paidSlots = Math.round(type.paidHours * perHour);
    const lunchSlots = type.lunch ? Math.round(type.lunch.minutes / slotMinutes) : 0;
    const span = paidSlots + lunchSlots;
    for (let start = 0; start + span <= slots; start++) {
      if (!type.lunch) {
        patterns.push({ type: type.id, start, end: start + span, paidSlots });
        continue;
      }
      const earliest = Math.ceil(type.lunch.earliestAfterHours * perHour);
      const latest = Math.floor(type.lunch.latestAfterHours * perHour);
      for (let offset = earliest; offset <= latest && offset < paidSlots; offset++) {
        patterns.push({
          type: type.id,
          start,
          end: start + span,
          lunch: { start: start + offset, end: start + offset + lunchSlots },
          paidSlots,
        });
      }
    }
  }
  return patterns;
};

const scheduledOf = (shifts: readonly ShiftPattern[], slots: number): number[] => {
  const scheduled = new Array<number>(slots).fill(0);
  for (const shift of shifts)
    for (let k = shift.start; k < shift.end; k++) if (works(shift, k)) scheduled[k] = (scheduled[k] ?? 0) + 1;
  return scheduled;
};

const better = (
  a: { covered: number; pattern: ShiftPattern },
  b: { covered: number; pattern: ShiftPattern },
) => {
  const ra = a.covered / a.pattern.paidSlots;
  const rb = b.covered / b.pattern.paidSlots;
  if (Math.abs(ra - rb) > 1e-12) return ra > rb;
  if (a.covered !== b.covered) return a.covered > b.covered;
  if (a.pattern.paidSlots !== b.pattern.paidSlots) return a.pattern.paidSlots > b.pattern.paidSlots;
  if (a.pattern.start !== b.pattern.start) return a.pattern.start < b.pattern.start;
  return (a.pattern.lunch?.start ?? 0) < (b.pattern.lunch?.start ?? 0);
};

/** Covers `required` (counselors at work per slot) with shifts of `types`. */
export const coverRequirement = (
  required: readonly number[],
  types: readonly ShiftType[],
  slotMinutes = 30,
): ShiftCover => {
  const slots = required.length;
  for (const [k, r] of required.entries())
    if (!Number.isInteger(r) || r < 0)
      throw new RangeError(`required[${k}] must be an integer ≥ 0, got ${r}`);
  const patterns = shiftPatterns(types, slots, slotMinutes);
  if (patterns.length === 0 && required.some((r) => r > 0))
    throw new RangeError(
      `no shift type fits in the ${(slots * slotMinutes) / 60} opening hours (shortest: ${Math.min(...types.map((t) => t.paidHours))} h)`,
    );

  const deficit = [...required];
  const shifts: ShiftPattern[] = [];
  // 1. Greedy ratio rule.
  for (;;) {
    let best: { covered: number; pattern: ShiftPattern } | undefined;
    for (const pattern of patterns) {
      let covered = 0;
      for (let k = pattern.start; k < pattern.end; k++)
        if ((deficit[k] ?? 0) > 0 && works(pattern, k)) covered++;
      if (covered === 0) continue;
      const candidate = { covered, pattern };
      if (!best || better(candidate, best)) best = candidate;
    }
    if (!best) break;
    shifts.push(best.pattern);
    for (let k = best.pattern.start; k < best.pattern.end; k++)
      if (works(best.pattern, k)) deficit[k] = (deficit[k] ?? 0) - 1;
  }

  // 2. Local clean-up. `scheduled` is kept up to date with every change (no recount per trial).
  const scheduled = scheduledOf(shifts, slots);
  const add = (shift: ShiftPattern, sign: 1 | -1) => {
    for (let k = shift.start; k < shift.end; k++)
      if (works(shift, k)) scheduled[k] = (scheduled[k] ?? 0) + sign;
  };
  const spare = (k: number) => (scheduled[k] ?? 0) - (required[k] ?? 0);
  /** Slots that would fall short without the shifts at `indexes`. */
  const missingWithout = (...indexes: number[]): number[] => {
    const missing: number[] = [];
    for (let k = 0; k < slots; k++) {
      let without = scheduled[k] ?? 0;
      for (const i of indexes) if (works(shifts[i] as ShiftPattern, k)) without--;
      if (without < (required[k] ?? 0)) missing.push(k);
    }
    return missing;
  };
  const redundant = (shift: ShiftPattern) => {
    for (let k = shift.start; k < shift.end; k++) if (works(shift, k) && spare(k) < 1) return false;
    return true;
  };
  for (let changed = true; changed; ) {
    changed = false;
    // Drop redundant shifts, the least efficient (latest added) first.
    for (let i = shifts.length - 1; i >= 0; i--) {
      const shift = shifts[i] as ShiftPattern;
      if (redundant(shift)) {
        shifts.splice(i, 1);
        add(shift, -1);
        changed = true;
      }
    }
    // Replace a shift by the cheapest pattern that covers every slot only it covers.
    for (let i = 0; i < shifts.length; i++) {
      const shift = shifts[i] as ShiftPattern;
      const missing = missingWithout(i);
      let replacement: ShiftPattern | undefined;
      for (const pattern of patterns) {
        if (pattern.paidSlots >= shift.paidSlots) continue;
        if (!missing.every((k) => works(pattern, k))) continue;
        if (!replacement || pattern.paidSlots < replacement.paidSlots) replacement = pattern;
      }
      if (replacement) {
        add(shift, -1);
        add(replacement, 1);
        shifts[i] = replacement;
        changed = true;
      }
    }
    if (changed) continue;
    // Merge two shifts into one pattern that is no dearer than both (same hours, one counselor fewer).
    const tried = new Set<string>();
    for (let i = 0; i < shifts.length && !changed; i++) {
      for (let j = i + 1; j < shifts.length && !changed; j++) {
        const a = shifts[i] as ShiftPattern;
        const b = shifts[j] as ShiftPattern;
        const pair = `${patterns.indexOf(a)}:${patterns.indexOf(b)}`;
        if (tried.has(pair)) continue; // the same two patterns again: same answer
        tried.add(pair);
        const missing = missingWithout(i, j);
        const merged = patterns.find(
          (pattern) =>
            pattern.paidSlots <= a.paidSlots + b.paidSlots && missing.every((k) => works(pattern, k)),
        );
        if (
          merged &&
          missing.every(
            (k) =>
              (scheduled[k] ?? 0) - (works(a, k) ? 1 : 0) - (works(b, k) ? 1 : 0) >= (required[k] ?? 0) - 1,
          )
        ) {
          add(a, -1);
          add(b, -1);
          add(merged, 1);
          shifts.splice(j, 1);
          shifts[i] = merged;
          changed = true;
        }
      }
    }
    if (changed) continue;
    // Move a shift (another start or lunch position, no dearer) when that makes another shift redundant.
    const triedMoves = new Set<number>();
    for (let i = 0; i < shifts.length && !changed; i++) {
      const shift = shifts[i] as ShiftPattern;
      const index = patterns.indexOf(shift);
      if (triedMoves.has(index)) continue;
      triedMoves.add(index);
      const missing = missingWithout(i);
      for (const pattern of patterns) {
        if (pattern === shift || pattern.paidSlots > shift.paidSlots) continue;
        if (!missing.every((k) => works(pattern, k))) continue;
        add(shift, -1);
        add(pattern, 1);
        if (shifts.some((other, j) => j !== i && redundant(other))) {
          shifts[i] = pattern;
          changed = true;
          break;
        }
        add(pattern, -1);
        add(shift, 1);
      }
    }
  }
  shifts.sort(
    (a, b) =>
      a.start - b.start || a.type.localeCompare(b.type) || (a.lunch?.start ?? 0) - (b.lunch?.start ?? 0),
  );
  const uncovered = required
    .map((r, slot) => ({ slot, missing: r - (scheduled[slot] ?? 0) }))
    .filter((u) => u.missing > 0);
  return { shifts, scheduled, uncovered };
};
