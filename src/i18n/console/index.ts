// The staff console's dictionary for a locale: one object built from the per-area files, each of
// which keeps English and Dutch side by side.
import type { Locale } from '../../config.ts';
import { baseText } from './base.ts';
import { catalogText } from './catalog.ts';
import { dashboardText } from './dashboard.ts';
import { errorText } from './errors.ts';
import { incidentText } from './incidents.ts';
import { maintenanceText } from './maintenance.ts';
import { webhooksText } from './webhooks.ts';

function build(locale: Locale) {
  return { ...baseText[locale], ...dashboardText[locale], ...incidentText[locale], ...maintenanceText[locale], ...catalogText[locale], ...webhooksText[locale], errors: errorText[locale] };
}

export type ConsoleDictionary = ReturnType<typeof build>;

const built: Record<Locale, ConsoleDictionary> = { en: build('en'), nl: build('nl') };

export function consoleDictionary(locale: Locale): ConsoleDictionary {
  return built[locale];
}
