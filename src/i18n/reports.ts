// UI text of the SLA page, the reports and the incident targets, in English and Dutch. Kept apart
// from en.ts/nl.ts (the status page's dictionary); `ReportsDictionary` is derived from `en`, so a
// missing Dutch string is a type error here too.
import type { Locale } from '../config.ts';
import { en as enSite } from './en.ts';
import { nl as nlSite } from './nl.ts';

type Severity = 'critical' | 'high' | 'medium' | 'low';
type TargetState = 'met' | 'breached' | 'pending';
type ReportStateName = 'not_due' | 'pending' | 'overdue' | 'published_on_time' | 'published_late';
type PeriodKind = 'month' | 'quarter' | 'year';

/**
 * "1 h 30 min", "67 h 30 min", "15 min 1 s", "45 s": hours, minutes and seconds, zero parts left
 * out. No days: the SLA states its targets in hours (72 h, not 3 d), and nothing is rounded, so a
 * breach by one second reads as one.
 */
function duration(units: { h: string; min: string; s: string }) {
  return (seconds: number): string => {
    const s = Math.max(0, Math.floor(seconds));
    const parts: string[] = [];
    if (s >= 3600) parts.push(`${Math.floor(s / 3600)} ${units.h}`);
    if (s % 3600 >= 60) parts.push(`${Math.floor((s % 3600) / 60)} ${units.min}`);
    if (s % 60 > 0 || s === 0) parts.push(`${s % 60} ${units.s}`);
    return parts.join(' ');
  };
}

export const en = {
  nav: { sla: 'SLA', reports: 'Reports' },
  fallback: enSite.fallback,
  duration: duration({ h: 'h', min: 'min', s: 's' }),
  businessDuration: (text: string) => `${text} (business hours)`,
  /** A whole percentage such as a credit: "10%". */
  credit: (percent: number) => (percent === 0 ? 'None' : `${percent}%`),
  notCovered: 'Not covered',
  noData: 'No data',
  severity: { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' } satisfies Record<Severity, string>,
  targetState: { met: 'Met', breached: 'Breached', pending: 'Pending' } satisfies Record<TargetState, string>,
  reportState: {
    not_due: 'Not yet due',
    pending: 'Pending',
    overdue: 'Overdue',
    published_on_time: 'Published on time',
    published_late: 'Published late',
  } satisfies Record<ReportStateName, string>,
  backfilled: {
    badge: 'Imported',
    legend: 'Imported: recorded after the fact (backfilled history), not posted live.',
  },
  sla: {
    title: (page: string) => `Service Level Agreement – ${page}`,
    lastUpdated: 'Last updated',
    liveHeading: 'This month so far',
    liveIntro: (month: string) =>
      `${month} is not over yet. Per service: the downtime counted so far (from the incidents and maintenance on this page), and how much more downtime the whole month can take before each credit tier. A credit is shown once it is certain, whatever the rest of the month brings.`,
    liveCaption: (month: string) => `Downtime so far, budget left and certain credit, ${month}`,
    service: 'Service',
    downtimeSoFar: 'Downtime so far',
    budgetLeft: 'Budget left this month',
    budgetLine: (left: string, uptime: string) => `${left} left before ${uptime}`,
    budgetNone: 'Every tier is broken',
    creditCertain: 'Credit',
    creditNoneYet: 'None so far',
    noServices: 'No services yet.',
    reportsLink: 'All reports: months, quarters and years',
  },
  reports: {
    title: (page: string) => `Reports – ${page}`,
    description: (page: string) => `Monthly, quarterly and yearly SLA reports of ${page}: uptime, credits, incidents and response times.`,
    heading: 'SLA reports',
    intro: 'Every figure is computed from the incidents and maintenance on this page, by the rules of the SLA. Each report is also available as JSON and CSV.',
    months: 'Months',
    quarters: 'Quarters',
    years: 'Years',
    inProgress: 'in progress',
    none: 'No reports yet.',
    policyLink: 'The SLA policy',
  },
  report: {
    title: (period: string, page: string) => `Report ${period} – ${page}`,
    description: (period: string, page: string) => `SLA report of ${page} for ${period}: uptime and SLA uptime per service, service credits, incidents, response and resolution targets.`,
    heading: (period: string) => `Report ${period}`,
    kind: { month: 'Month', quarter: 'Quarter', year: 'Year' } satisfies Record<PeriodKind, string>,
    quarterLabel: (quarter: number, year: number) => `Q${quarter} ${year}`,
    range: (from: string, to: string, zone: string) => `${from} to ${to} (${zone})`,
    inProgress: (now: string) => `This period is not over: figures up to ${now}.`,
    back: 'All reports',
    downloads: 'Download',
    json: 'JSON',
    csv: 'CSV',
    summaryHeading: 'Summary',
    responseMet: 'Response targets met',
    resolutionMet: 'Resolution targets met',
    reportsOnTime: 'Post-incident reports on time',
    share: (met: number, total: number, percent: string) => `${met} of ${total} (${percent})`,
    shareNone: 'No incidents',
    sharePending: (n: number) => (n === 1 ? '1 still pending' : `${n} still pending`),
    servicesHeading: 'Services',
    servicesCaption: (period: string) => `Uptime, SLA uptime, credit and incidents per service, ${period}`,
    service: 'Service',
    uptime: 'Uptime',
    slaUptime: 'SLA uptime',
    slaDowntime: 'SLA downtime',
    credit: 'Credit',
    /** A running month's SLA uptime: the best it can still end at. */
    atMost: (uptime: string) => `at most ${uptime}`,
    /** A running month's credit: certain at least this much, or nothing final yet. */
    creditAtLeast: (credit: string) => `at least ${credit}`,
    creditNotFinal: 'not final yet',
    incidents: 'Incidents',
    monthsHeading: 'SLA uptime and credit per month',
    monthsCaption: (period: string) => `SLA uptime and credit tier per service and month, ${period}`,
    monthCell: (uptime: string, credit: string) => `${uptime}, credit ${credit}`,
    chartHeading: 'SLA uptime per month',
    chartHeadingMonth: 'SLA uptime per service',
    chartTitle: (period: string) => `SLA uptime per month against the 99.9% guarantee, ${period}`,
    chartTitleMonth: (period: string) => `SLA uptime per service against the 99.9% guarantee, ${period}`,
    chartDescServices: 'One bar per covered service: its SLA uptime in this month; the dashed line is the 99.9% guarantee.',
    chartAxis: 'SLA uptime',
    chartDescAggregate: (n: number) => `Lowest SLA uptime among the ${n} covered services in each month; the dashed line is the 99.9% guarantee.`,
    chartDescSeries: 'SLA uptime of each covered service in each month; the dashed line is the 99.9% guarantee.',
    chartLowest: 'Lowest of all covered services',
    chartTarget: '99.9% guarantee',
    chartNone: 'No covered service has SLA figures in this period.',
    chartAxisNote: (floor: string) => `The axis starts at ${floor}, not at 0, so that small differences show.`,
    incidentsHeading: 'Incidents',
    incidentsCaption: (period: string) => `Incidents, response and resolution, ${period}`,
    noIncidents: 'No incidents in this period.',
    incident: 'Incident',
    started: 'Started',
    response: 'Response',
    resolution: 'Resolution',
    postIncident: 'Report',
    target: (text: string) => `target ${text}`,
    excluded: 'Not counted against the SLA',
  },
  maintenance: {
    heading: 'Maintenance',
    caption: (period: string) => `Maintenance in progress during ${period} and how the SLA counts it`,
    title: 'Maintenance',
    window: 'Announced window',
    notice: 'Notice',
    inTime: 'at least 48 h: excused within its window',
    shortNotice: 'less than 48 h: counts as downtime',
    excused: 'Excused',
    counted: 'Counted as downtime',
  },
  targets: {
    heading: 'Targets',
    response: 'Response',
    resolution: 'Resolution',
    target: 'Target',
    actual: 'Actual',
    state: 'State',
    timeLeft: (text: string) => `${text} left`,
    notYet: 'Not yet',
    reportHeading: 'Post-incident report',
    reportDue: 'Due',
    reportNotDue: 'Due 48 hours after resolution.',
  },
};

export type ReportsDictionary = typeof en;

export const nl: ReportsDictionary = {
  nav: { sla: 'SLA', reports: 'Rapporten' },
  fallback: nlSite.fallback,
  duration: duration({ h: 'u', min: 'min', s: 's' }),
  businessDuration: (text: string) => `${text} (kantooruren)`,
  credit: (percent: number) => (percent === 0 ? 'Geen' : `${percent} %`),
  notCovered: 'Niet gedekt',
  noData: 'Geen gegevens',
  severity: { critical: 'Kritiek', high: 'Hoog', medium: 'Medium', low: 'Laag' },
  targetState: { met: 'Gehaald', breached: 'Niet gehaald', pending: 'Loopt' },
  reportState: {
    not_due: 'Nog niet vereist',
    pending: 'Nog niet gepubliceerd',
    overdue: 'Te laat, nog niet gepubliceerd',
    published_on_time: 'Op tijd gepubliceerd',
    published_late: 'Te laat gepubliceerd',
  },
  backfilled: {
    badge: 'Geïmporteerd',
    legend: 'Geïmporteerd: achteraf vastgelegd (aangevulde geschiedenis), niet live gemeld.',
  },
  sla: {
    title: (page: string) => `Service Level Agreement – ${page}`,
    lastUpdated: 'Laatst bijgewerkt',
    liveHeading: 'Deze maand tot nu toe',
    liveIntro: (month: string) =>
      `${month} is nog niet voorbij. Per dienst: de downtime die tot nu toe meetelt (uit de incidenten en het onderhoud op deze pagina), en hoeveel downtime de hele maand nog kan hebben voor elke credittrede. Een credit staat hier pas als die vaststaat, wat de rest van de maand ook brengt.`,
    liveCaption: (month: string) => `Downtime tot nu toe, resterend budget en vastgestelde credit, ${month}`,
    service: 'Dienst',
    downtimeSoFar: 'Downtime tot nu toe',
    budgetLeft: 'Budget over deze maand',
    budgetLine: (left: string, uptime: string) => `nog ${left} tot ${uptime}`,
    budgetNone: 'Elke trede is gebroken',
    creditCertain: 'Credit',
    creditNoneYet: 'Nog geen',
    noServices: 'Nog geen diensten.',
    reportsLink: 'Alle rapporten: maanden, kwartalen en jaren',
  },
  reports: {
    title: (page: string) => `Rapporten – ${page}`,
    description: (page: string) => `SLA-rapporten van ${page} per maand, kwartaal en jaar: uptime, credits, incidenten en responstijden.`,
    heading: 'SLA-rapporten',
    intro: 'Elk cijfer is berekend uit de incidenten en het onderhoud op deze pagina, volgens de regels van de SLA. Elk rapport is ook beschikbaar als JSON en CSV.',
    months: 'Maanden',
    quarters: 'Kwartalen',
    years: 'Jaren',
    inProgress: 'loopt nog',
    none: 'Nog geen rapporten.',
    policyLink: 'De SLA',
  },
  report: {
    title: (period: string, page: string) => `Rapport ${period} – ${page}`,
    description: (period: string, page: string) => `SLA-rapport van ${page} over ${period}: uptime en SLA-uptime per dienst, servicecredits, incidenten, respons- en oplosdoelen.`,
    heading: (period: string) => `Rapport ${period}`,
    kind: { month: 'Maand', quarter: 'Kwartaal', year: 'Jaar' },
    quarterLabel: (quarter: number, year: number) => `K${quarter} ${year}`,
    range: (from: string, to: string, zone: string) => `${from} tot en met ${to} (${zone})`,
    inProgress: (now: string) => `Deze periode is nog niet voorbij: cijfers tot ${now}.`,
    back: 'Alle rapporten',
    downloads: 'Downloaden',
    json: 'JSON',
    csv: 'CSV',
    summaryHeading: 'Samenvatting',
    responseMet: 'Responsdoelen gehaald',
    resolutionMet: 'Oplosdoelen gehaald',
    reportsOnTime: 'Incidentrapporten op tijd',
    share: (met: number, total: number, percent: string) => `${met} van ${total} (${percent})`,
    shareNone: 'Geen incidenten',
    sharePending: (n: number) => (n === 1 ? '1 loopt nog' : `${n} lopen nog`),
    servicesHeading: 'Diensten',
    servicesCaption: (period: string) => `Uptime, SLA-uptime, credit en incidenten per dienst, ${period}`,
    service: 'Dienst',
    uptime: 'Uptime',
    slaUptime: 'SLA-uptime',
    slaDowntime: 'SLA-downtime',
    credit: 'Credit',
    atMost: (uptime: string) => `hoogstens ${uptime}`,
    creditAtLeast: (credit: string) => `minstens ${credit}`,
    creditNotFinal: 'nog niet definitief',
    incidents: 'Incidenten',
    monthsHeading: 'SLA-uptime en credit per maand',
    monthsCaption: (period: string) => `SLA-uptime en credit per dienst en maand, ${period}`,
    monthCell: (uptime: string, credit: string) => `${uptime}, credit ${credit}`,
    chartHeading: 'SLA-uptime per maand',
    chartHeadingMonth: 'SLA-uptime per dienst',
    chartTitle: (period: string) => `SLA-uptime per maand tegenover de garantie van 99,9 %, ${period}`,
    chartTitleMonth: (period: string) => `SLA-uptime per dienst tegenover de garantie van 99,9 %, ${period}`,
    chartDescServices: 'Eén balk per gedekte dienst: de SLA-uptime in deze maand; de stippellijn is de garantie van 99,9 %.',
    chartAxis: 'SLA-uptime',
    chartDescAggregate: (n: number) => `Laagste SLA-uptime van de ${n} gedekte diensten in elke maand; de stippellijn is de garantie van 99,9 %.`,
    chartDescSeries: 'SLA-uptime van elke gedekte dienst in elke maand; de stippellijn is de garantie van 99,9 %.',
    chartLowest: 'Laagste van alle gedekte diensten',
    chartTarget: 'Garantie 99,9 %',
    chartNone: 'Geen gedekte dienst heeft SLA-cijfers in deze periode.',
    chartAxisNote: (floor: string) => `De as begint bij ${floor}, niet bij 0, zodat kleine verschillen zichtbaar zijn.`,
    incidentsHeading: 'Incidenten',
    incidentsCaption: (period: string) => `Incidenten, respons en oplossing, ${period}`,
    noIncidents: 'Geen incidenten in deze periode.',
    incident: 'Incident',
    started: 'Begonnen',
    response: 'Respons',
    resolution: 'Oplossing',
    postIncident: 'Rapport',
    target: (text: string) => `doel ${text}`,
    excluded: 'Telt niet mee voor de SLA',
  },
  maintenance: {
    heading: 'Onderhoud',
    caption: (period: string) => `Onderhoud in ${period} en hoe het voor de SLA meetelt`,
    title: 'Onderhoud',
    window: 'Aangekondigd tijdvak',
    notice: 'Aankondiging vooraf',
    inTime: 'ten minste 48 uur vooraf: telt binnen het tijdvak niet mee',
    shortNotice: 'minder dan 48 uur vooraf: telt als downtime',
    excused: 'Niet meegeteld',
    counted: 'Meegeteld als downtime',
  },
  targets: {
    heading: 'Doelen',
    response: 'Respons',
    resolution: 'Oplossing',
    target: 'Doel',
    actual: 'Werkelijk',
    state: 'Status',
    timeLeft: (text: string) => `nog ${text}`,
    notYet: 'Nog niet',
    reportHeading: 'Incidentrapport',
    reportDue: 'Uiterlijk',
    reportNotDue: 'Uiterlijk 48 uur na de oplossing.',
  },
};

const DICTIONARIES: Record<Locale, ReportsDictionary> = { nl, en };

export function reportsDictionary(locale: Locale): ReportsDictionary {
  return DICTIONARIES[locale];
}
