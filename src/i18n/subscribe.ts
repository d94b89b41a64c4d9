// UI text of the email subscription pages (subscribe, check your inbox, confirm, manage,
// unsubscribe), in English and Dutch. Kept apart from en.ts/nl.ts; `SubscribeDictionary` is derived
// from `en`, so a missing Dutch string is a type error.
import type { Locale } from '../config.ts';
import type { SubscriptionFieldError } from '../domain/vocabulary.ts';

/** Minutes, rounded up, for "try again in …". */
const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

const en = {
  navLabel: 'Subscribe',
  subscribe: {
    title: (page: string) => `Subscribe to ${page} status updates`,
    description: (page: string) => `Get an email when ${page} reports an incident or plans maintenance.`,
    heading: 'Subscribe to updates by email',
    intro: 'Get an email when we report an incident, post an update, or plan maintenance.',
    optIn: 'We first send a confirmation link. Nothing else is sent until you confirm, and every email has a link to unsubscribe.',
    emailLabel: 'Email address',
    emailHint: 'For example: name@example.com',
    languageLegend: 'Language of the emails',
    servicesLegend: 'Services',
    servicesHint: 'Tick the services you want to hear about. Leave every box unticked to follow all services, including ones added later.',
    otherServices: 'Other services',
    submit: 'Subscribe',
    errorSummary: 'There is a problem',
    rateLimited: (seconds: number) => `Too many requests. Please try again in ${minutes(seconds)} minute${minutes(seconds) === 1 ? '' : 's'}.`,
  },
  fieldErrors: {
    required: 'Enter your email address.',
    too_long: 'An email address can have at most 254 characters.',
    invalid_email: 'Enter an email address like name@example.com.',
    invalid_locale: 'Choose Nederlands or English.',
    invalid_services: 'Choose services from the list.',
    unknown_service: 'One of the chosen services no longer exists. Choose again.',
  } satisfies Record<SubscriptionFieldError, string>,
  sent: {
    title: 'Check your inbox',
    heading: 'Check your inbox',
    body: 'If this address can receive email, a confirmation link is on its way. Open it within 48 hours to start receiving updates.',
    spam: 'Nothing after a few minutes? Look in your spam folder, or subscribe again.',
    again: 'Subscribe with another address',
  },
  confirm: {
    title: 'Confirm your subscription',
    heading: 'Confirm your subscription',
    body: (email: string, page: string) => `Confirm that ${email} should receive status updates from ${page}.`,
    button: 'Confirm subscription',
    doneTitle: 'Subscription confirmed',
    doneBody: (email: string) => `Thank you. Status updates will be sent to ${email}.`,
    manage: 'Change your preferences',
  },
  manage: {
    title: 'Email preferences',
    heading: 'Email preferences',
    address: 'Address',
    state: {
      active: 'You receive status updates.',
      pending: 'Not confirmed yet: open the confirmation link we sent you.',
      unsubscribed: 'You are unsubscribed: no emails are sent.',
      suppressed: 'Emails to this address bounced or were reported as spam, so we no longer send any.',
    },
    save: 'Save preferences',
    saved: 'Your preferences are saved.',
    stopHeading: 'Stop all emails',
    unsubscribe: 'Unsubscribe',
    unsubscribed: 'You are unsubscribed. No more emails will be sent.',
    restartHeading: 'Receive emails again',
    resubscribe: 'Subscribe again',
    resubscribed: 'Welcome back: you receive status updates again.',
  },
  unsubscribe: {
    title: 'Unsubscribe',
    heading: 'Unsubscribe',
    body: (email: string) => `Stop all status emails to ${email}?`,
    button: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    doneBody: (email: string) => `No more status emails will be sent to ${email}.`,
    changedMind: 'Changed your mind?',
    manage: 'Manage your subscription',
  },
  token: {
    invalidTitle: 'This link is not valid',
    invalidBody: 'The link may be incomplete. Copy the whole link from the email, or subscribe again.',
    expiredTitle: 'This link has expired',
    expiredBody: 'Confirmation links work for 48 hours. Subscribe again to get a new one.',
    subscribe: 'Subscribe again',
  },
};

export type SubscribeDictionary = typeof en;

const nl: SubscribeDictionary = {
  navLabel: 'Abonneren',
  subscribe: {
    title: (page: string) => `Abonneren op statusupdates van ${page}`,
    description: (page: string) => `Ontvang een e-mail wanneer ${page} een storing meldt of onderhoud plant.`,
    heading: 'Updates per e-mail ontvangen',
    intro: 'Ontvang een e-mail wanneer we een storing melden, een update plaatsen of onderhoud plannen.',
    optIn: 'We sturen eerst een bevestigingslink. Tot u bevestigt, sturen we niets anders, en elke e-mail bevat een link om u af te melden.',
    emailLabel: 'E-mailadres',
    emailHint: 'Bijvoorbeeld: naam@voorbeeld.nl',
    languageLegend: 'Taal van de e-mails',
    servicesLegend: 'Diensten',
    servicesHint: 'Vink de diensten aan waarover u bericht wilt krijgen. Vink niets aan om alle diensten te volgen, ook diensten die later bijkomen.',
    otherServices: 'Overige diensten',
    submit: 'Abonneren',
    errorSummary: 'Er is een probleem',
    rateLimited: (seconds: number) => `Te veel verzoeken. Probeer het over ${minutes(seconds)} ${minutes(seconds) === 1 ? 'minuut' : 'minuten'} opnieuw.`,
  },
  fieldErrors: {
    required: 'Vul uw e-mailadres in.',
    too_long: 'Een e-mailadres heeft hoogstens 254 tekens.',
    invalid_email: 'Vul een e-mailadres in zoals naam@voorbeeld.nl.',
    invalid_locale: 'Kies Nederlands of English.',
    invalid_services: 'Kies diensten uit de lijst.',
    unknown_service: 'Een van de gekozen diensten bestaat niet meer. Kies opnieuw.',
  },
  sent: {
    title: 'Kijk in uw inbox',
    heading: 'Kijk in uw inbox',
    body: 'Als dit adres e-mail kan ontvangen, is er een bevestigingslink onderweg. Open die binnen 48 uur om updates te ontvangen.',
    spam: 'Na een paar minuten nog niets? Kijk in uw map met ongewenste e-mail, of abonneer u opnieuw.',
    again: 'Abonneren met een ander adres',
  },
  confirm: {
    title: 'Bevestig uw abonnement',
    heading: 'Bevestig uw abonnement',
    body: (email: string, page: string) => `Bevestig dat ${email} statusupdates van ${page} wil ontvangen.`,
    button: 'Abonnement bevestigen',
    doneTitle: 'Abonnement bevestigd',
    doneBody: (email: string) => `Bedankt. Statusupdates worden naar ${email} gestuurd.`,
    manage: 'Uw voorkeuren wijzigen',
  },
  manage: {
    title: 'E-mailvoorkeuren',
    heading: 'E-mailvoorkeuren',
    address: 'Adres',
    state: {
      active: 'U ontvangt statusupdates.',
      pending: 'Nog niet bevestigd: open de bevestigingslink die we u stuurden.',
      unsubscribed: 'U bent afgemeld: er worden geen e-mails verstuurd.',
      suppressed: 'E-mails naar dit adres kwamen terug of werden als spam gemeld; daarom sturen we er geen meer.',
    },
    save: 'Voorkeuren opslaan',
    saved: 'Uw voorkeuren zijn opgeslagen.',
    stopHeading: 'Geen e-mails meer',
    unsubscribe: 'Afmelden',
    unsubscribed: 'U bent afgemeld. Er worden geen e-mails meer verstuurd.',
    restartHeading: 'Weer e-mails ontvangen',
    resubscribe: 'Opnieuw abonneren',
    resubscribed: 'Welkom terug: u ontvangt weer statusupdates.',
  },
  unsubscribe: {
    title: 'Afmelden',
    heading: 'Afmelden',
    body: (email: string) => `Geen statusmails meer sturen naar ${email}?`,
    button: 'Afmelden',
    doneTitle: 'U bent afgemeld',
    doneBody: (email: string) => `Er worden geen statusmails meer naar ${email} gestuurd.`,
    changedMind: 'Toch niet?',
    manage: 'Uw abonnement beheren',
  },
  token: {
    invalidTitle: 'Deze link is niet geldig',
    invalidBody: 'Misschien is de link niet volledig. Kopieer de hele link uit de e-mail, of abonneer u opnieuw.',
    expiredTitle: 'Deze link is verlopen',
    expiredBody: 'Bevestigingslinks werken 48 uur. Abonneer u opnieuw om een nieuwe te krijgen.',
    subscribe: 'Opnieuw abonneren',
  },
};

export const subscribeText: Record<Locale, SubscribeDictionary> = { nl, en };

export function subscribeDictionary(locale: Locale): SubscribeDictionary {
  return subscribeText[locale];
}
