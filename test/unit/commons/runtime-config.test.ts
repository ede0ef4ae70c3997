import { describe, expect, it } from 'vitest';
import {
  departmentById,
  departmentForCategory,
  departmentIdFromQueueName,
  departmentQueueName,
  entryPointForNumber,
  loadDepartmentQueues,
  loadRuntimeConfig,
  optionalPositiveInt,
  RuntimeConfigError,
  requireEnv,
} from '#commons/runtime-config';

/** The contracts.md example, extended to a consistent config. */
const config = {
  city: { ko: '청주시', en: 'Cheongju' },
  timezone: 'Asia/Seoul',
  entryPoints: [
    { id: 'unified', number: '+82432010001', nameKo: '통합민원콜센터' },
    { id: 'cityhall', number: '+82432012114', nameKo: '시청 대표번호' },
  ],
  categories: [
    { code: 'tax', nameKo: '세무' },
    { code: 'living-complaints', nameKo: '생활민원' },
  ],
  departments: [
    { id: 'tax', nameKo: '세정과', categories: ['tax'], slaHours: 72, transfer: { type: 'queue' } },
    {
      id: 'roads',
      nameKo: '도로과',
      categories: ['living-complaints'],
      slaHours: 48,
      transfer: { type: 'phone', number: '+82432012345' },
    },
  ],
};

const env = (value: unknown) => ({ CITY_CONFIG: JSON.stringify(value) });

describe('loadRuntimeConfig', () => {
  it('parses the contract example', () => {
    const loaded = loadRuntimeConfig(env(config));
    expect(loaded.city.en).toBe('Cheongju');
    expect(loaded.departments[1]?.transfer).toEqual({ type: 'phone', number: '+82432012345' });
  });

  it('reads the config compiled into the bundle when the environment has none (as deployed)', () => {
    const compiled = JSON.stringify(config);
    expect(loadRuntimeConfig({}, () => compiled).city.en).toBe('Cheongju');
    // The environment wins where it has one (tests, the sandbox).
    expect(() => loadRuntimeConfig({ CITY_CONFIG: '{oops' }, () => compiled)).toThrow(/not valid JSON/);
  });

  it('fails clearly when CITY_CONFIG is missing or not JSON', () => {
    expect(() => loadRuntimeConfig({}, () => undefined)).toThrow('CITY_CONFIG is not set');
    expect(() => loadRuntimeConfig({ CITY_CONFIG: '{oops' })).toThrow(/CITY_CONFIG is not valid JSON/);
  });

  it.each([
    ['an unknown time zone', { ...config, timezone: 'Asia/Cheongju' }, 'timezone: must be an IANA time zone'],
    [
      'a non-E.164 entry number',
      { ...config, entryPoints: [{ id: 'unified', number: '043-201-0001', nameKo: '통합' }] },
      'entryPoints.0.number: must be an E.164 number',
    ],
    [
      'a phone transfer without number',
      {
        ...config,
        departments: [config.departments[0], { ...config.departments[1], transfer: { type: 'phone' } }],
      },
      'departments.1.transfer.number',
    ],
    [
      'an unknown category code',
      { ...config, categories: [{ code: 'weather', nameKo: '날씨' }] },
      'categories.0.code',
    ],
    [
      'a category without owner',
      { ...config, categories: [...config.categories, { code: 'water', nameKo: '수도사업' }] },
      'category water has no owning department',
    ],
    [
      'a category with two owners',
      {
        ...config,
        departments: [...config.departments, { ...config.departments[0], id: 'tax2', categories: ['tax'] }],
      },
      'category tax is owned by several departments: tax, tax2',
    ],
    [
      'a department category missing from categories',
      {
        ...config,
        departments: [{ ...config.departments[0], categories: ['tax', 'water'] }, config.departments[1]],
      },
      'departments.0.categories: category water is not in categories',
    ],
    [
      'a duplicate entry number',
      {
        ...config,
        entryPoints: [...config.entryPoints, { id: 'other', number: '+82432010001', nameKo: '중복' }],
      },
      'duplicate number +82432010001',
    ],
    [
      'a non-positive SLA',
      { ...config, departments: [{ ...config.departments[0], slaHours: 0 }, config.departments[1]] },
      'departments.0.slaHours',
    ],
  ])('refuses %s, naming the path', (_label, value, message) => {
    expect(() => loadRuntimeConfig(env(value))).toThrow(RuntimeConfigError);
    expect(() => loadRuntimeConfig(env(value))).toThrow(message);
  });
});

describe('lookups', () => {
  const loaded = loadRuntimeConfig(env(config));

  it('finds the owning department of a category', () => {
    expect(departmentForCategory(loaded, 'living-complaints')?.id).toBe('roads');
    expect(departmentForCategory(loaded, 'water')).toBeUndefined();
    expect(departmentById(loaded, 'tax')?.nameKo).toBe('세정과');
    expect(departmentById(loaded, 'nope')).toBeUndefined();
  });

  it('finds the entry point of a dialed number in E.164 or national format', () => {
    expect(entryPointForNumber(loaded, '+82432010001')?.id).toBe('unified');
    expect(entryPointForNumber(loaded, '043-201-2114')?.id).toBe('cityhall');
    expect(entryPointForNumber(loaded, '+82430000000')).toBeUndefined();
    expect(entryPointForNumber(loaded, undefined)).toBeUndefined();
    expect(entryPointForNumber(loaded, 'anonymous')).toBeUndefined();
  });

  it('maps department ids to and from dept-<id> queue names', () => {
    expect(departmentQueueName('roads')).toBe('dept-roads');
    expect(departmentIdFromQueueName('dept-roads')).toBe('roads');
    expect(departmentIdFromQueueName('roads')).toBeUndefined();
    expect(departmentIdFromQueueName('dept-Roads!')).toBeUndefined();
  });
});

describe('environment helpers', () => {
  it('optionalPositiveInt reads a positive integer, treats unset and "" as absent, and names a bad value', () => {
    expect(optionalPositiveInt({ CONTACT_RETENTION_DAYS: '30' }, 'CONTACT_RETENTION_DAYS')).toBe(30);
    expect(optionalPositiveInt({ CONTACT_RETENTION_DAYS: '' }, 'CONTACT_RETENTION_DAYS')).toBeUndefined();
    expect(optionalPositiveInt({}, 'CONTACT_RETENTION_DAYS')).toBeUndefined();
    for (const bad of ['0', '-1', '1.5', 'ten'])
      expect(() => optionalPositiveInt({ TICKET_RETENTION_DAYS: bad }, 'TICKET_RETENTION_DAYS')).toThrow(
        'TICKET_RETENTION_DAYS must be a positive integer',
      );
  });

  it('requireEnv names the missing variable', () => {
    expect(requireEnv({ TICKETS_TABLE: 't' }, 'TICKETS_TABLE')).toBe('t');
    expect(() => requireEnv({}, 'TICKETS_TABLE')).toThrow('Environment variable TICKETS_TABLE is not set');
  });

  it('loadDepartmentQueues parses the id → queue URL map and refuses anything else', () => {
    const url = 'https://sqs.ap-northeast-2.amazonaws.com/111111111111/dept-roads';
    expect(loadDepartmentQueues({ DEPARTMENT_QUEUES: JSON.stringify({ roads: url }) })).toEqual({
      roads: url,
    });
    expect(() => loadDepartmentQueues({ DEPARTMENT_QUEUES: '{"roads": 3}' })).toThrow(RuntimeConfigError);
    expect(() => loadDepartmentQueues({ DEPARTMENT_QUEUES: 'nope' })).toThrow('not valid JSON');
  });
});
