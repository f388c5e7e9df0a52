import { errorFromFetchFailure, errorFromResponse } from './errors';

/** The public view of a profile (GET /api/profile); every field is optional and checked. */
export interface Profile {
  title: string;
  greeting: string;
  starters: string[];
  accent: string;
  locale: string;
  disclaimer: string;
  maxMessageChars: number;
}

const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);

export function parseProfile(json: unknown): Profile {
  const o = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const theme = (o.theme && typeof o.theme === 'object' ? o.theme : {}) as Record<string, unknown>;
  const limits = (o.limits && typeof o.limits === 'object' ? o.limits : {}) as Record<string, unknown>;
  const max = limits.maxMessageChars ?? o.maxMessageChars;
  return {
    title: str(o.title),
    greeting: str(o.greeting),
    starters: Array.isArray(o.starters) ? o.starters.filter((s): s is string => typeof s === 'string' && s.trim() !== '').slice(0, 6) : [],
    accent: str(theme.accent),
    locale: str(o.locale),
    disclaimer: str(o.disclaimer),
    maxMessageChars: typeof max === 'number' && max > 0 ? Math.floor(max) : 4000,
  };
}

export async function fetchProfile(fetchFn: typeof fetch, baseUrl: string, accessToken: string): Promise<Profile> {
  let res: Response;
  try {
    res = await fetchFn(baseUrl + '/api/profile', {
      headers: { Authorization: 'Bearer ' + accessToken, Accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (err) {
    throw errorFromFetchFailure(err);
  }
  if (!res.ok) throw await errorFromResponse(res);
  return parseProfile(await res.json());
}
