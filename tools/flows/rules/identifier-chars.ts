import type { LintRule } from './context';

const FORBIDDEN = /[%:()\\/=$,;[\]{}]/;
const RESERVED = new Set([
  '__proto__',
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  'toString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'valueOf',
]);

/**
 * Identifiers may use any characters except % : ( \ / ) = $ , ; [ ] { }, and none of the reserved
 * JavaScript names.
 * https://docs.aws.amazon.com/connect/latest/devguide/flow-language-actions.html
 */
export const rule: LintRule = {
  id: 'identifier-chars',
  description: 'action identifiers use allowed characters only',
  profile: 'connect',
  check(ctx) {
    for (const action of ctx.wellFormed) {
      const id = action.Identifier;
      if (id === '' || FORBIDDEN.test(id) || RESERVED.has(id)) {
        ctx.report(id, 'Identifier is empty, reserved, or uses one of % : ( \\ / ) = $ , ; [ ] { }');
      }
    }
  },
};
