import { describe, expect, it } from 'vitest';
import { loadRuntimeMode, parseDeployedConfig } from '../../../web/src/runtime';

const deployed = {
  apiUrl: 'https://abc123.execute-api.ap-northeast-2.amazonaws.com',
  region: 'ap-northeast-2',
  userPoolId: 'ap-northeast-2_AbCdEf',
  userPoolClientId: 'client123',
  cognitoDomain: 'https://minwon365-cheongju-prod-1.auth.ap-northeast-2.amazoncognito.com',
  city: 'cheongju',
  stage: 'prod',
};

const answering = (response: Response | Error) =>
  (async () => {
    if (response instanceof Error) throw response;
    return response;
  }) as unknown as typeof fetch;

describe('runtime mode from /config.json', () => {
  it('absent (404) → the sandbox dev login', async () => {
    await expect(loadRuntimeMode(answering(new Response('not found', { status: 404 })))).resolves.toEqual({
      mode: 'dev',
    });
  });

  it('an SPA fallback answering index.html, or a failed request → dev', async () => {
    const html = new Response('<!doctype html><html></html>', { headers: { 'content-type': 'text/html' } });
    await expect(loadRuntimeMode(answering(html))).resolves.toEqual({ mode: 'dev' });
    const untyped = new Response('<!doctype html>', { status: 200 });
    await expect(loadRuntimeMode(answering(untyped))).resolves.toEqual({ mode: 'dev' });
    await expect(loadRuntimeMode(answering(new TypeError('offline')))).resolves.toEqual({ mode: 'dev' });
  });

  it('present → Cognito sign-in with the deployed settings', async () => {
    const response = new Response(JSON.stringify({ ...deployed, apiUrl: `${deployed.apiUrl}/` }), {
      headers: { 'content-type': 'application/json' },
    });
    await expect(loadRuntimeMode(answering(response))).resolves.toEqual({
      mode: 'cognito',
      config: deployed,
    });
  });

  it('a JSON file that is not a usable config is an error, never a silent dev login', async () => {
    const { userPoolClientId: _omit, ...partial } = deployed;
    const response = new Response(JSON.stringify(partial), {
      headers: { 'content-type': 'application/json' },
    });
    await expect(loadRuntimeMode(answering(response))).rejects.toThrow(/userPoolClientId/);
    expect(() => parseDeployedConfig({ ...deployed, apiUrl: 'http://evil.example' })).toThrow(/https/);
    expect(() => parseDeployedConfig([])).toThrow(/not an object/);
  });
});
