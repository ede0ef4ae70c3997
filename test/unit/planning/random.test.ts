import { describe, expect, it } from 'vitest';
import {
  createRng,
  distributionMean,
  distributionSchema,
  exponential,
  lognormal,
  pickIndex,
  sampleDistribution,
} from '#domain/planning/random';

const draws = (seed: number, count: number) => {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => rng.next());
};

const meanAndCv = (values: number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return { mean, cv: Math.sqrt(variance) / mean };
};

describe('seeded random streams', () => {
  it('repeat exactly for the same seed and differ for another', () => {
    expect(draws(42, 5)).toEqual(draws(42, 5));
    expect(draws(42, 5)).not.toEqual(draws(43, 5));
    for (const u of draws(7, 1000)) {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it('forks into independent, reproducible streams that never coincide', () => {
    const a = createRng(1);
    const [f1, f2] = [a.fork(), a.fork()];
    const b = createRng(1);
    const [g1, g2] = [b.fork(), b.fork()];
    const first = Array.from({ length: 5 }, () => f1.next());
    expect(Array.from({ length: 5 }, () => g1.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => f2.next())).not.toEqual(first);
    expect(Array.from({ length: 5 }, () => g2.next())).not.toEqual(first);
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => createRng(1.5)).toThrow(/seed must be an integer/);
  });
});

describe('distributions', () => {
  it('draws lognormal values with the configured mean and coefficient of variation', () => {
    const rng = createRng(2027);
    const { mean, cv } = meanAndCv(Array.from({ length: 200_000 }, () => lognormal(rng, 230, 0.7)));
    expect(mean).toBeGreaterThan(230 * 0.99);
    expect(mean).toBeLessThan(230 * 1.01);
    expect(cv).toBeGreaterThan(0.67);
    expect(cv).toBeLessThan(0.73);
  });

  it('draws exponential values with the configured mean (CV 1)', () => {
    const rng = createRng(11);
    const { mean, cv } = meanAndCv(Array.from({ length: 200_000 }, () => exponential(rng, 180)));
    expect(mean).toBeGreaterThan(178);
    expect(mean).toBeLessThan(182);
    expect(cv).toBeGreaterThan(0.98);
    expect(cv).toBeLessThan(1.02);
  });

  it('picks indexes in proportion to their weights, never a zero weight', () => {
    const rng = createRng(5);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) {
      const index = pickIndex(rng, [0.5, 0, 0.3, 0.2]);
      counts[index] = (counts[index] ?? 0) + 1;
    }
    expect(counts[1]).toBe(0);
    expect((counts[0] ?? 0) / 100_000).toBeCloseTo(0.5, 2);
    expect((counts[2] ?? 0) / 100_000).toBeCloseTo(0.3, 2);
    expect(() => pickIndex(rng, [0, 0])).toThrow(/must not all be zero/);
  });

  it('validates distributions from the config and samples each kind', () => {
    const rng = createRng(3);
    expect(sampleDistribution(rng, { type: 'fixed', value: 30 })).toBe(30);
    expect(distributionMean({ type: 'exponential', mean: 90 })).toBe(90);
    expect(distributionSchema.safeParse({ type: 'lognormal', mean: 100 }).success).toBe(false);
    expect(distributionSchema.safeParse({ type: 'lognormal', mean: -1, cv: 0.5 }).success).toBe(false);
    expect(distributionSchema.safeParse({ type: 'gamma', mean: 1 }).success).toBe(false);
  });
});
