import { type RuleSettings, RuleSettingsSchema } from '@pioneira/contracts';
import { Value } from '@sinclair/typebox/value';
import type { SettingsRow } from '../store/rules.repository';

/** The settings of every scope of one load, merged on demand per (category, vehicle). */
export class SettingsBook {
  private readonly defaults: Record<string, unknown> = {};
  private readonly categories = new Map<string, Record<string, unknown>>();
  private readonly vehicles = new Map<string, Record<string, unknown>>();
  private readonly merged = new Map<string, RuleSettings>();

  constructor(rows: SettingsRow[]) {
    for (const row of rows) {
      if (row.scope === 'default') Object.assign(this.defaults, row.settings);
      else if (row.scope === 'category') this.categories.set(row.scope_key, row.settings);
      else this.vehicles.set(row.scope_key, row.settings);
    }
  }

  /** Defaults, then the category, then the vehicle; throws if the result is not a full, valid set. */
  for(category: string, vehicleId: string | null): RuleSettings {
    const key = `${category}|${vehicleId ?? ''}`;
    let settings = this.merged.get(key);
    if (!settings) {
      const candidate = {
        ...this.defaults,
        ...this.categories.get(category),
        ...(vehicleId ? this.vehicles.get(vehicleId) : undefined),
      };
      if (!Value.Check(RuleSettingsSchema, candidate)) {
        const problems = [...Value.Errors(RuleSettingsSchema, candidate)].map(
          (e) => `${e.path} ${e.message}`,
        );
        throw new Error(
          `The rule settings of category ${category}${vehicleId ? ` and vehicle ${vehicleId}` : ''} are incomplete or invalid (${problems.slice(0, 5).join('; ')}). Check the 'default' row of rule_settings (migration 030).`,
        );
      }
      settings = candidate;
      this.merged.set(key, settings);
    }
    return settings;
  }
}
