/**
 * Runtime mode. Deployed, the API stack writes `/config.json` next to the build (API URL,
 * Cognito user pool, app client, hosted-UI domain); the desk then signs in with Cognito. The local
 * sandbox has no such file (its static server answers index.html, or a 404): the dev login.
 */

export interface DeployedConfig {
  apiUrl: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  cognitoDomain: string;
  city: string;
  stage: string;
}

export type RuntimeMode = { mode: 'dev' } | { mode: 'cognito'; config: DeployedConfig };

export const CONFIG_PATH = '/config.json';

const REQUIRED = ['apiUrl', 'region', 'userPoolId', 'userPoolClientId', 'cognitoDomain'] as const;

/** Validates config.json's content; throws on a file that is JSON but not a usable config. */
export function parseDeployedConfig(value: unknown): DeployedConfig {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new Error('config.json: not an object');
  const v = value as Record<string, unknown>;
  const missing = REQUIRED.filter((key) => typeof v[key] !== 'string' || !(v[key] as string).trim());
  if (missing.length > 0) throw new Error(`config.json: missing ${missing.join(', ')}`);
  const apiUrl = String(v.apiUrl).replace(/\/+$/, '');
  if (!/^https:\/\//.test(apiUrl) && !/^http:\/\/localhost(:\d+)?$/.test(apiUrl)) {
    throw new Error('config.json: apiUrl must be an https URL');
  }
  return {
    apiUrl,
    region: String(v.region),
    userPoolId: String(v.userPoolId),
    userPoolClientId: String(v.userPoolClientId),
    cognitoDomain: String(v.cognitoDomain),
    city: typeof v.city === 'string' ? v.city : '',
    stage: typeof v.stage === 'string' ? v.stage : '',
  };
}

/**
 * Fetches `/config.json`. A 404, an HTML answer (an SPA fallback serving index.html) or a failed
 * request mean "no deployed config": dev mode. A JSON file that is not a valid config is an error
 * (a broken deployment must not silently offer the dev login).
 */
export async function loadRuntimeMode(fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<RuntimeMode> {
  let response: Response;
  try {
    response = await fetchImpl(CONFIG_PATH, { cache: 'no-store', headers: { accept: 'application/json' } });
  } catch {
    return { mode: 'dev' };
  }
  if (!response.ok) return { mode: 'dev' };
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (/html/i.test(type) || /^\s*</.test(text)) return { mode: 'dev' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { mode: 'dev' };
  }
  return { mode: 'cognito', config: parseDeployedConfig(json) };
}
