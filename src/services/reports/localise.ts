// A report as a reader sees it on the site: service names and incident and maintenance titles in
// the reader's language, or as written with the language they are in (the page marks those).
// The JSON and CSV downloads keep the texts as staff wrote them, like the Statuspage JSON.
import { inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidents, maintenances, services } from '../../../db/schema.ts';
import { shownText, type Reader, type ShownText } from '../status/reader.ts';
import type { Report } from './report-model.ts';

type Texts = { id: number; lang: 'nl' | 'en' | null; text: string; translation: string | null }[];

function byId(rows: Texts, reader: Reader): Map<number, ShownText> {
  return new Map(rows.map((r) => [r.id, shownText(reader, r.lang, r.text, r.translation)]));
}

export function reportForReader(db: Db, report: Report, reader: Reader): Report {
  const serviceIds = report.services.map((s) => s.id);
  const incidentIds = report.incidents.map((i) => i.id);
  const maintenanceIds = report.maintenances.map((m) => m.id);
  const names = byId(serviceIds.length ? db.select({ id: services.id, lang: services.lang, text: services.name, translation: services.nameTranslation }).from(services).where(inArray(services.id, serviceIds)).all() : [], reader);
  const incidentTitles = byId(incidentIds.length ? db.select({ id: incidents.id, lang: incidents.lang, text: incidents.title, translation: incidents.titleTranslation }).from(incidents).where(inArray(incidents.id, incidentIds)).all() : [], reader);
  const maintenanceTitles = byId(maintenanceIds.length ? db.select({ id: maintenances.id, lang: maintenances.lang, text: maintenances.title, translation: maintenances.titleTranslation }).from(maintenances).where(inArray(maintenances.id, maintenanceIds)).all() : [], reader);
  return {
    ...report,
    services: report.services.map((s) => {
      const n = names.get(s.id);
      return n ? { ...s, name: n.text, nameFallback: n.fallback } : s;
    }),
    incidents: report.incidents.map((i) => {
      const t = incidentTitles.get(i.id);
      return t ? { ...i, title: t.text, titleFallback: t.fallback } : i;
    }),
    maintenances: report.maintenances.map((m) => {
      const t = maintenanceTitles.get(m.id);
      return t ? { ...m, title: t.text, titleFallback: t.fallback } : m;
    }),
  };
}
