import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import * as z from 'zod';

/**
 * Seeded randomness for the day model: reproducible (same seed → same day, on any machine and in
 * the browser) and split into independent streams so that changing how one aspect is drawn (say,
 * the patience distribution) does not reshuffle the others (the arrival times).
 *
 * The generator is pure-rand's xoroshiro128+ (the PRNG behind fast-check); `fork()` uses its
 * `jump()`, which moves 2^64 draws ahead, the library's documented way to get non-overlapping
 * streams. The distributions on top (inverse transform, Box–Muller) are textbook one-liners.
 */

export interface Rng {
  /** Uniform in [0, 1), 53 random bits. */
  next(): number;
  /** A new independent stream; this one moves on too, so two forks never coincide. */
  fork(): Rng;
}

const wrap = (generator: JumpableRandomGenerator): Rng => ({
  next: () => uniformFloat64(generator),
  fork: () => {
    generator.jump();
    const child = generator.clone();
    generator.jump();
    return wrap(child);
  },
});

/** A stream for an integer seed (any safe integer; only its low 32 bits are used by xoroshiro128+). */
export const createRng = (seed: number): Rng => {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return wrap(xoroshiro128plus(seed | 0));
};

/** Exponential with the given mean (inverse transform; 1 − U avoids log 0). */
export const exponential = (rng: Rng, mean: number): number => -mean * Math.log(1 - rng.next());

/** Standard normal (Box–Muller, one value per two uniforms). */
export const standardNormal = (rng: Rng): number => {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
};

/** Lognormal with the given mean and coefficient of variation (σ² = ln(1 + cv²), μ = ln mean − σ²/2). */
export const lognormal = (rng: Rng, mean: number, cv: number): number => {
  const sigma2 = Math.log(1 + cv * cv);
  return Math.exp(Math.log(mean) - sigma2 / 2 + Math.sqrt(sigma2) * standardNormal(rng));
};

/** An index drawn with probability proportional to `weights` (non-negative, not all zero). */
export const pickIndex = (rng: Rng, weights: readonly number[]): number => {
  let total = 0;
  for (const w of weights) total += w;
  if (!(total > 0)) throw new RangeError('pickIndex: weights must not all be zero');
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] ?? 0;
    if (u < 0) return i;
  }
  // Rounding left u ≥ 0 after the last weight: the last positive weight wins.
  for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] ?? 0) > 0) return i;
  return weights.length - 1;
};

/** True with probability `p`. */
export const chance = (rng: Rng, p: number): boolean => rng.next() < p;

/**
 * A duration distribution as the city config writes it (seconds): lognormal by mean and coefficient
 * of variation (handle times are right-skewed), exponential by mean (Erlang A's patience
 * assumption), or a fixed value.
 */
export const distributionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('lognormal'),
    mean: z.number().positive(),
    /** Coefficient of variation, standard deviation / mean. */
    cv: z.number().positive().max(10),
  }),
  z.object({ type: z.literal('exponential'), mean: z.number().positive() }),
  z.object({ type: z.literal('fixed'), value: z.number().nonnegative() }),
]);
export type Distribution = z.infer<typeof distributionSchema>;

export const sampleDistribution = (rng: Rng, distribution: Distribution): number => {
  switch (distribution.type) {
    case 'lognormal':
      return lognormal(rng, distribution.mean, distribution.cv);
    case 'exponential':
      return exponential(rng, distribution.mean);
    case 'fixed':
      return distribution.value;
  }
};

export const distributionMean = (distribution: Distribution): number =>
  distribution.type === 'fixed' ? distribution.value : distribution.mean;
