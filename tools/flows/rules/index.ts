import { rule as conditions } from './conditions';
import type { LintRule } from './context';
import { rule as errorType } from './error-type';
import { rule as flowType } from './flow-type';
import { rule as hoursBranches } from './hours-branches';
import { rule as identifierChars } from './identifier-chars';
import { rule as identifierLength } from './identifier-length';
import { rule as identifierUnique } from './identifier-unique';
import { rule as inputHandling } from './input-handling';
import { rule as koreanText } from './korean-text';
import { rule as lambdaTarget } from './lambda-target';
import { rule as lambdaTimeout } from './lambda-timeout';
import { rule as maxActions } from './max-actions';
import { rule as nextAction } from './next-action';
import { rule as parameters } from './parameters';
import { rule as pathEnd } from './path-end';
import { rule as placeholder } from './placeholder';
import { rule as requiredErrors } from './required-errors';
import { rule as ssml } from './ssml';
import { rule as startAction } from './start-action';
import { rule as structure } from './structure';
import { rule as unknownType } from './unknown-type';
import { rule as unreachable } from './unreachable';
import { rule as version } from './version';

/** Every lint rule, one module each, in reporting order. */
export const LINT_RULES: readonly LintRule[] = [
  structure,
  version,
  identifierUnique,
  identifierLength,
  identifierChars,
  startAction,
  nextAction,
  unreachable,
  maxActions,
  unknownType,
  flowType,
  requiredErrors,
  errorType,
  conditions,
  hoursBranches,
  inputHandling,
  lambdaTimeout,
  lambdaTarget,
  pathEnd,
  koreanText,
  ssml,
  placeholder,
  parameters,
];
