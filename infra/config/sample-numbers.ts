import type { CityConfig } from '#infra/config/schema';

/**
 * Sample numbers are illustrations in a city config (`sample: true`): an entry point's number, the
 * Connect phone-number ARN it is provisioned with, a department's external transfer number. A stage
 * that retains its resources (production) must not be synthesized with them — it would deploy a
 * contact center that answers, transfers to and calls back numbers that are not the city's — unless
 * the operator asks for a dry synth (`-c allowSampleNumbers=true`).
 */

export class SampleNumbersError extends Error {
  constructor(
    readonly stage: string,
    readonly samples: readonly string[],
  ) {
    super(
      `Stage "${stage}" retains its resources (removalPolicy "retain"), but ${samples.length} number(s) in the city config are samples, not the city's real numbers:\n  ${samples.join('\n  ')}\nReplace them with the real numbers (and set sample: false), or synthesize anyway for a dry run with -c allowSampleNumbers=true.`,
    );
    this.name = 'SampleNumbersError';
  }
}

/** Every sample number a stage would deploy, as `field path: what` lines. */
export const sampleNumbersOf = (config: CityConfig, stage: string): string[] => {
  const samples: string[] = [];
  config.entryPoints.forEach((entryPoint, i) => {
    const provisioning = entryPoint.provisioning[stage];
    if (!provisioning || provisioning.type === 'none') return;
    if (entryPoint.sample) {
      samples.push(`entryPoints[${i}] (${entryPoint.id}): number ${entryPoint.number} is a sample`);
    }
    if (provisioning.type === 'existing' && provisioning.sample) {
      samples.push(
        `entryPoints[${i}].provisioning.${stage} (${entryPoint.id}): phoneNumberArn ${provisioning.phoneNumberArn} is a sample`,
      );
    }
  });
  config.departments.forEach((department, i) => {
    if (department.transfer.type === 'phone' && department.transfer.sample) {
      samples.push(
        `departments[${i}].transfer (${department.id}): external transfer number ${department.transfer.number} is a sample`,
      );
    }
  });
  return samples;
};

/** Throws SampleNumbersError for a retaining stage with sample numbers, unless allowed. */
export const assertNoSampleNumbers = (
  config: CityConfig,
  stage: string,
  allowSampleNumbers: boolean,
): void => {
  if (allowSampleNumbers || config.stages[stage]?.removalPolicy !== 'retain') return;
  const samples = sampleNumbersOf(config, stage);
  if (samples.length > 0) throw new SampleNumbersError(stage, samples);
};
