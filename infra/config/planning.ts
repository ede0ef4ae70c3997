import {
  PLANNING_MODEL_VARIABLE,
  type PlanningConfig,
  type PlanningConfigInput,
  planningConfigSchema,
} from '#commons/planning-config';
import type { CityConfig } from '#infra/config/schema';

/**
 * The planning slice of the city config (functions/commons/planning-config.ts): the day model and
 * what the planner needs with it. The API function gets it as a build-time constant
 * (`process.env.PLANNING_MODEL` replaced in the bundle, infra/stacks/api-stack.ts), not as an
 * environment variable: Lambda's 4 KB limit on all environment variables
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html) would not hold it. The
 * constants are also recorded in the function's template metadata, from which the local runners
 * (sandbox, day simulation, integration tests) set the real variable for the unbundled handler
 * (tools/local-aws/function-environment.ts).
 * Parsed with the API's own schema, so a slice the API would refuse fails at synth.
 */
export const toPlanningConfig = (config: CityConfig): PlanningConfig | undefined => {
  if (!config.dayModel) return undefined;
  return planningConfigSchema.parse({
    city: { id: config.id, ko: config.name.ko },
    timezone: config.timezone,
    hours: config.hours,
    categories: config.categories.map(({ code, nameKo, seedShare }) => ({ code, nameKo, seedShare })),
    callbackOfferAfterSeconds: config.connect.callbackOfferAfterSeconds,
    dayModel: config.dayModel,
  } satisfies PlanningConfigInput);
};

/** `{ PLANNING_MODEL: "<json>" }` for the city, or `{}` when it has no day model. */
export const planningEnvironment = (config: CityConfig): Record<string, string> => {
  const planning = toPlanningConfig(config);
  return planning ? { [PLANNING_MODEL_VARIABLE]: JSON.stringify(planning) } : {};
};
