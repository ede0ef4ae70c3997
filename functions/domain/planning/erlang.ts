/**
 * Queueing formulas for counselor staffing, implemented from the formulas (pure, browser-safe):
 *
 * - **Erlang B** (M/M/N/N, blocking): the recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)),
 *   which never forms A^N or N! and is stable for any N.
 * - **Erlang C** (M/M/N, callers wait forever): C = N·B / (N − A·(1 − B)) from Erlang B;
 *   P(W > t) = C·e^{−(N−A)·t/AHT}.
 * - **Erlang A** (M/M/N+M, Palm's model with exponential patience; Garnett, Mandelbaum & Reiman,
 *   "Designing a call center with impatient customers", MSOM 4(3), 2002; closed forms as in
 *   Mandelbaum & Zeltyn, "The Palm/Erlang-A queue, with applications to call centers", 2005).
 *   With λ the arrival rate, μ = 1/AHT, θ = 1/mean patience, A = λ/μ, ρ = λ/(Nμ), s = Nμ/θ and
 *   b = λ/θ, and the series M(a, y) = Σ_{k≥0} y^k / ((a+1)(a+2)…(a+k)):
 *     J = M(s, b)                                   (= e^b·b^{−s}·Γ(s+1)·P(s, b), P the regularized
 *                                                    lower incomplete gamma function)
 *     P(W > 0) = J·E_B / (1 + (J − 1)·E_B)          (E_B = Erlang B with N servers, load A)
 *     P(Ab)    = P(W > 0) · (1 − (J − 1)/(ρ·J))
 *     P(answered within t) = 1 − P(W > 0) + P(W > 0)/ρ · [R(b) − R(b·e^{−θt})],
 *       R(y) = P(s+1, y)/P(s, b) = e^{b−y}·(y/b)^s·y/(s+1)·M(s+1, y)/J, so R(b) = (J − 1)/J.
 *   The last line integrates the density of the offered wait of delayed callers,
 *   g(v) = p_N·Nμ·e^{−Nμv}·exp((λ/θ)(1 − e^{−θv})), times e^{−θv}, the chance that the caller is
 *   still there at v. Every series is summed in log space (J exceeds 1e300 in overload), so no
 *   factorial, power or incomplete gamma function ever overflows or underflows.
 *
 * Definitions (the same as pyworkforce's ErlangA, whose documented figures the tests reproduce):
 * the service level is the share of **all** arriving callers answered within t (callers who
 * abandon count as not answered); the average wait is over all callers, until they are answered or
 * hang up (E[W] = P(Ab)/θ); occupancy is the carried load per counselor.
 *
 * Time unit: seconds throughout.
 */

export interface QueueInput {
  /** Counselors on the phones (an integer ≥ 0). */
  servers: number;
  /** Calls offered to counselors per second. */
  arrivalRatePerSecond: number;
  /** Mean handle time, talk + hold + after-call work (seconds). */
  averageHandleSeconds: number;
  /** Mean caller patience in queue (seconds, exponential); absent = infinitely patient (Erlang C). */
  averagePatienceSeconds?: number;
  /** The service-level threshold t (seconds), e.g. 20 for "80% within 20 s". */
  answerWithinSeconds: number;
}

export interface QueueMetrics {
  /** P(W > 0): share of callers who wait at all. */
  delayProbability: number;
  /** P(Ab): share of callers who hang up before a counselor answers (0 under Erlang C). */
  abandonProbability: number;
  /** 1 − P(Ab): the share answered (the `answerRate` of `/api/stats/today`). */
  answerRate: number;
  /** Share of all callers answered within `answerWithinSeconds`. */
  serviceLevel: number;
  /** Mean wait of all callers until answered or abandoned (seconds; Infinity when Erlang C is unstable). */
  averageWaitSeconds: number;
  /** Carried load per counselor (0–1). */
  occupancy: number;
}

const assertServers = (servers: number): void => {
  if (!Number.isInteger(servers) || servers < 0)
    throw new RangeError(`servers must be an integer ≥ 0, got ${servers}`);
};

const assertNonNegative = (name: string, value: number): void => {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
};

/** Erlang B: probability that all `servers` are busy in the loss system with offered `load` (Erlangs). */
export const erlangB = (servers: number, load: number): number => {
  assertServers(servers);
  assertNonNegative('load', load);
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (load * b) / (k + load * b);
  return b;
};

/** Erlang C: probability that a caller waits (M/M/N); 1 when the load is not below the servers. */
export const erlangC = (servers: number, load: number): number => {
  assertServers(servers);
  assertNonNegative('load', load);
  if (load === 0) return 0;
  if (load >= servers) return 1;
  const b = erlangB(servers, load);
  return (servers * b) / (servers - load * (1 - b));
};

const validate = (input: QueueInput): void => {
  assertServers(input.servers);
  assertNonNegative('arrivalRatePerSecond', input.arrivalRatePerSecond);
  assertNonNegative('answerWithinSeconds', input.answerWithinSeconds);
  if (!(input.averageHandleSeconds > 0) || !Number.isFinite(input.averageHandleSeconds))
    throw new RangeError(`averageHandleSeconds must be > 0, got ${input.averageHandleSeconds}`);
  if (
    input.averagePatienceSeconds !== undefined &&
    (!(input.averagePatienceSeconds > 0) || Number.isNaN(input.averagePatienceSeconds))
  )
    throw new RangeError(`averagePatienceSeconds must be > 0, got ${input.averagePatienceSeconds}`);
};

const IDLE: QueueMetrics = {
  delayProbability: 0,
  abandonProbability: 0,
  answerRate: 1,
  serviceLevel: 1,
  averageWaitSeconds: 0,
  occupancy: 0,
};

/** Erlang C metrics (no abandonment): callers wait until answered. */
export const erlangCMetrics = (input: QueueInput): QueueMetrics => {
  validate(input);
  const { servers, arrivalRatePerSecond: lambda, averageHandleSeconds: aht, answerWithinSeconds: t } = input;
  if (lambda === 0) return IDLE;
  const load = lambda * aht;
  if (load >= servers) {
    return {
      delayProbability: 1,
      abandonProbability: 0,
      answerRate: 1,
      serviceLevel: 0,
      averageWaitSeconds: Number.POSITIVE_INFINITY,
      occupancy: 1,
    };
  }
  const c = erlangC(servers, load);
  return {
    delayProbability: c,
    abandonProbability: 0,
    answerRate: 1,
    serviceLevel: 1 - c * Math.exp((-(servers - load) * t) / aht),
    averageWaitSeconds: (c * aht) / (servers - load),
    occupancy: load / servers,
  };
};

/** Most terms a series may take; beyond it the fluid limit answers (see erlangAMetrics). */
const MAX_SERIES_TERMS = 2_000_000;
const RESCALE = 1e250;
const LOG_RESCALE = Math.log(RESCALE);

/**
 * ln M(a, y), M(a, y) = Σ_{k≥0} y^k / ((a+1)…(a+k)), summed with rescaling so that neither the
 * terms nor the sum overflow. Undefined (NaN) when it would need more than MAX_SERIES_TERMS terms.
 */
const logSeries = (a: number, y: number): number => {
  let logScale = 0;
  let sum = 1;
  let term = 1;
  for (let k = 1; k <= MAX_SERIES_TERMS; k++) {
    term *= y / (a + k);
    sum += term;
    if (sum > RESCALE) {
      sum /= RESCALE;
      term /= RESCALE;
      logScale += LOG_RESCALE;
    }
    if (a + k > y && term <= sum * 1e-17) return logScale + Math.log(sum);
  }
  return Number.NaN;
};

/**
 * Erlang A metrics (exponential patience with mean `averagePatienceSeconds`); without a patience
 * the callers never hang up and this is Erlang C. In the one regime where the series would need
 * millions of terms (arrivals far above capacity with callers of near-infinite patience) the answer
 * is the fluid limit: everyone waits, P(Ab) = 1 − 1/ρ, nobody is answered within t.
 */
export const erlangAMetrics = (input: QueueInput): QueueMetrics => {
  validate(input);
  if (input.averagePatienceSeconds === undefined || !Number.isFinite(input.averagePatienceSeconds))
    return erlangCMetrics(input);
  const {
    servers: n,
    arrivalRatePerSecond: lambda,
    averageHandleSeconds: aht,
    answerWithinSeconds: t,
  } = input;
  if (lambda === 0) return IDLE;
  const theta = 1 / input.averagePatienceSeconds;
  if (n === 0) {
    // Nobody answers: every caller waits until their patience runs out.
    return {
      delayProbability: 1,
      abandonProbability: 1,
      answerRate: 0,
      serviceLevel: 0,
      averageWaitSeconds: input.averagePatienceSeconds,
      occupancy: 0,
    };
  }
  const mu = 1 / aht;
  const load = lambda / mu;
  const rho = lambda / (n * mu);
  const s = (n * mu) / theta;
  const b = lambda / theta;
  const logJ = logSeries(s, b);
  if (Number.isNaN(logJ)) {
    const abandon = Math.max(0, 1 - 1 / rho);
    return {
      delayProbability: 1,
      abandonProbability: abandon,
      answerRate: 1 - abandon,
      serviceLevel: 0,
      averageWaitSeconds: abandon / theta,
      occupancy: Math.min(1, rho),
    };
  }
  const eb = erlangB(n, load);
  // P(W > 0) = 1 / (1 + (1/E_B − 1)/J); E_B underflows to 0 only when nobody ever waits.
  const delay = eb === 0 ? 0 : 1 / (1 + Math.exp(Math.log(1 / eb - 1) - logJ));
  if (!(delay > 0)) return { ...IDLE, occupancy: rho };
  const servedLater = 1 - Math.exp(-logJ); // R(b) = (J − 1)/J
  const abandon = Math.min(1, Math.max(0, delay * (1 - servedLater / rho)));
  const y0 = b * Math.exp(-theta * t);
  const servedLaterThanT =
    t === 0
      ? servedLater
      : Math.exp(
          b * -Math.expm1(-theta * t) -
            n * mu * t +
            Math.log(y0) -
            Math.log(s + 1) +
            logSeries(s + 1, y0) -
            logJ,
        );
  const withinT = Number.isNaN(servedLaterThanT) ? 0 : Math.max(0, servedLater - servedLaterThanT);
  const serviceLevel = 1 - delay + (delay * withinT) / rho;
  return {
    delayProbability: delay,
    abandonProbability: abandon,
    answerRate: 1 - abandon,
    serviceLevel: Math.min(1, Math.max(0, serviceLevel)),
    averageWaitSeconds: abandon / theta,
    occupancy: Math.min(1, (lambda * (1 - abandon)) / (n * mu)),
  };
};

export interface StaffingTarget {
  /** Largest acceptable P(Ab), e.g. 0.012 for a 98.8% answer rate. */
  maxAbandonProbability?: number;
  /** Service level: at least `share` of callers answered within `seconds`. */
  serviceLevel?: { share: number; seconds: number };
  /** Largest acceptable occupancy (0–1]. */
  maxOccupancy?: number;
}

export interface StaffingResult {
  servers: number;
  metrics: QueueMetrics;
}

/** Most servers the search tries before it gives up (a clear error rather than an endless loop). */
const MAX_SERVERS = 100_000;

/**
 * The fewest counselors meeting every part of `target` under `model` (Erlang A when the input has a
 * patience, else Erlang C). Each metric is monotone in the number of servers, so a linear search
 * from a safe lower bound finds the minimum.
 */
export const requiredServers = (
  input: Omit<QueueInput, 'servers' | 'answerWithinSeconds'> & { answerWithinSeconds?: number },
  target: StaffingTarget,
  model: 'erlang-a' | 'erlang-c' = input.averagePatienceSeconds === undefined ? 'erlang-c' : 'erlang-a',
): StaffingResult => {
  const t = target.serviceLevel?.seconds ?? input.answerWithinSeconds ?? 20;
  const evaluate = model === 'erlang-a' ? erlangAMetrics : erlangCMetrics;
  const load = input.arrivalRatePerSecond * input.averageHandleSeconds;
  const maxAbandon = target.maxAbandonProbability ?? 1;
  const floor =
    model === 'erlang-c' ? Math.floor(load) : Math.max(0, Math.floor(load * (1 - maxAbandon)) - 1);
  for (let servers = Math.max(0, floor); servers <= MAX_SERVERS; servers++) {
    const metrics = evaluate({ ...input, servers, answerWithinSeconds: t });
    const meets =
      metrics.abandonProbability <= maxAbandon + 1e-12 &&
      (target.serviceLevel === undefined || metrics.serviceLevel >= target.serviceLevel.share - 1e-12) &&
      (target.maxOccupancy === undefined || metrics.occupancy <= target.maxOccupancy + 1e-12) &&
      Number.isFinite(metrics.averageWaitSeconds);
    if (meets) return { servers, metrics };
  }
  throw new RangeError(`no staffing up to ${MAX_SERVERS} counselors meets the target`);
};
