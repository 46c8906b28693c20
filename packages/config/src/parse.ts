import type { VarKind } from './schema';

export type Parsed = string | number | boolean | undefined;

/** Parses one raw value; returns an error sentence (without the variable name) when it is invalid. */
export function parseValue(raw: string | undefined, type: VarKind): { value?: Parsed; error?: string } {
  if (raw === undefined || raw === '') return { value: type.default };
  switch (type.kind) {
    case 'string':
      if (type.minLength && raw.length < type.minLength)
        return { error: `must be at least ${type.minLength} characters long` };
      return { value: raw };
    case 'url': {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return { error: `must be a URL (${type.protocols.join(' or ')}//…)` };
      }
      if (!type.protocols.includes(url.protocol))
        return { error: `must start with ${type.protocols.map((p) => `${p}//`).join(' or ')}` };
      return { value: raw };
    }
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) return { error: 'must be a whole number' };
      const n = Number(raw);
      if (n < type.min || n > type.max) return { error: `must be between ${type.min} and ${type.max}` };
      return { value: n };
    }
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return { value: true };
      if (['0', 'false', 'no', 'off'].includes(v)) return { value: false };
      return { error: 'must be true or false' };
    }
    case 'enum':
      if (!type.values.includes(raw)) return { error: `must be one of ${type.values.join(', ')}` };
      return { value: raw };
  }
}
