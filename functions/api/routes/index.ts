import type { AnyRoute, ApiDeps } from '../route';
import { callerRoutes } from './callers';
import { configRoutes } from './config';
import { contactRoutes } from './contacts';
import { departmentRoutes } from './departments';
import { escalationRoutes } from './escalations';
import { kbRoutes } from './kb';
import { kbEntryRoutes } from './kb-entries';
import { kbGapsRoutes } from './kb-gaps';
import { kbLexiconRoutes } from './kb-lexicon';
import { meRoutes } from './me';
import { planningRoutes } from './planning';
import { slaRoutes } from './sla';
import { statsRoutes } from './stats';
import type { RouteKey } from './table';
import { ticketRoutes } from './tickets';

/**
 * Every route's handler, by route key, from the resource files beside this one. Typed as a
 * complete `Record<RouteKey, …>`, so a table line without a handler does not compile, and each
 * resource file's `satisfies RouteSet` rejects a handler whose key is not in the table.
 */
export const routeHandlers = (deps: ApiDeps): Record<RouteKey, AnyRoute> => ({
  ...meRoutes(deps),
  ...configRoutes(deps),
  ...kbRoutes(deps),
  ...callerRoutes(deps),
  ...ticketRoutes(deps),
  ...departmentRoutes(deps),
  ...escalationRoutes(deps),
  ...contactRoutes(deps),
  ...statsRoutes(deps),
  ...slaRoutes(deps),
  ...planningRoutes(deps),
  ...kbEntryRoutes(deps),
  ...kbGapsRoutes(deps),
  ...kbLexiconRoutes(deps),
});
