/**
 * Consultation categories (brief: "Category codes"). The code is a stable interface; the Korean
 * name is what counselors and citizens read; `seedShare` is the share of calls in the seed
 * article (May–Dec 2016), used for the sample KB mix and for dashboards' baselines.
 */
export const CATEGORY_CODES = [
  'vehicle-traffic',
  'tax',
  'urban-realestate',
  'health-environment',
  'civil-general',
  'city-admin',
  'welfare-culture',
  'water',
  'agriculture',
  'living-complaints',
  'economy-investment',
] as const;

export type CategoryCode = (typeof CATEGORY_CODES)[number];

export const CATEGORY_NAMES_KO: Readonly<Record<CategoryCode, string>> = {
  'vehicle-traffic': '차량교통',
  tax: '세무',
  'urban-realestate': '도시부동산',
  'health-environment': '보건환경',
  'civil-general': '일반민원',
  'city-admin': '시정일반',
  'welfare-culture': '복지문화',
  water: '수도사업',
  agriculture: '농업',
  'living-complaints': '생활민원',
  'economy-investment': '경제투자',
};

export const isCategoryCode = (value: string): value is CategoryCode =>
  (CATEGORY_CODES as readonly string[]).includes(value);
