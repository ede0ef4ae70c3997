import { describe, expect, it } from 'vitest';
import type { ContactRecord } from '#adapters/contact-records';
import {
  type Counters,
  contactCounters,
  countersDelta,
  type DayCounters,
  figuresFromCounters,
  ticketCounters,
} from '#domain/day-counters';
import { createRng, pickIndex } from '#domain/planning/random';
import { callFigures } from '#functions/use-cases/today-stats';

const record = (overrides: Partial<ContactRecord> = {}): ContactRecord => ({
  contactId: 'c',
  day: '2027-03-08',
  initiatedAt: '2027-03-08T10:00:00.000+09:00',
  entryPoint: 'cityhall',
  dialedUnified: false,
  outcome: 'queued',
  ...overrides,
});

/** Adds `delta` to `totals` (what the day's items hold after the writes). */
const apply = (totals: DayCounters, delta: DayCounters) => {
  for (const [day, counters] of delta) {
    const into: Counters = totals.get(day) ?? {};
    for (const [field, amount] of Object.entries(counters)) into[field] = (into[field] ?? 0) + amount;
    totals.set(day, into);
  }
};

describe('day counters', () => {
  it('counts an answered unified call with its category and the desk’s direct answer', () => {
    const counters = contactCounters(
      record({ entryPoint: 'unified', outcome: 'answered', disposition: 'answered', category: 'tax' }),
    );
    expect(Object.fromEntries(counters)).toEqual({
      '2027-03-08': { calls: 1, answered: 1, dispositions: 1, direct: 1, unified: 1, 'category:tax': 1 },
    });
  });

  it('makes no change for a write that changes no figure, and moves a record between days', () => {
    const before = record({ outcome: 'abandoned' });
    expect(
      countersDelta(contactCounters(before), contactCounters({ ...before, endedAt: 'x' } as never)),
    ).toEqual(new Map());
    const moved = countersDelta(contactCounters(before), contactCounters({ ...before, day: '2027-03-07' }));
    expect(Object.fromEntries(moved)).toEqual({
      '2027-03-08': { calls: -1, abandoned: -1 },
      '2027-03-07': { calls: 1, abandoned: 1 },
    });
  });

  it('counts a report when it is opened, and on the day it is resolved', () => {
    const opened = {
      kind: 'report',
      status: 'RECEIVED',
      createdAt: '2027-03-08T10:00:00.000+09:00',
      updatedAt: '2027-03-08T10:00:00.000+09:00',
    };
    expect(Object.fromEntries(ticketCounters(opened))).toEqual({ '2027-03-08': { reportsOpened: 1 } });
    const resolved = { ...opened, status: 'RESOLVED', updatedAt: '2027-03-10T09:00:00.000+09:00' };
    expect(Object.fromEntries(countersDelta(ticketCounters(opened), ticketCounters(resolved)))).toEqual({
      '2027-03-10': { reportsResolved: 1 },
    });
    expect(ticketCounters({ ...opened, kind: 'callback' }).size).toBe(0);
  });

  it('gives the same figures as counting the records, over random sequences of writes', () => {
    const rng = createRng(42);
    const pick = <T>(values: readonly T[]): T =>
      values[
        pickIndex(
          rng,
          values.map(() => 1),
        )
      ] as T;
    const stored = new Map<string, ContactRecord>();
    const totals: DayCounters = new Map();
    for (let i = 0; i < 2000; i++) {
      const contactId = `c${Math.floor(rng.next() * 150)}`;
      const previous = stored.get(contactId);
      const next = record({
        ...previous,
        contactId,
        outcome: pick(['queued', 'answered', 'abandoned', 'self-service', 'transferred'] as const),
        entryPoint: pick(['unified', 'cityhall', 'barocall', 'unknown']),
        dialedUnified: rng.next() < 0.2,
        ...(rng.next() < 0.5 && { disposition: pick(['answered', 'transferred', 'ticket'] as const) }),
        ...(rng.next() < 0.7 && { category: pick(['tax', 'water', 'living-complaints']) }),
      });
      apply(totals, countersDelta(contactCounters(previous), contactCounters(next)));
      stored.set(contactId, next);
    }
    const { reportsOpened, reportsResolved, ...fromCounters } = figuresFromCounters(
      totals.get('2027-03-08') ?? {},
    );
    expect(reportsOpened + reportsResolved).toBe(0);
    expect(fromCounters).toEqual(callFigures([...stored.values()]));
  });
});
