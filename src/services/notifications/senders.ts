import { createRequire } from 'node:module';

// Each mail library is loaded only when Heard is set to send through it (ADR 0013): together they take about
// half a second to load, and the default outbox needs neither.
const require = createRequire(import.meta.url);

/** A message ready to go. */
export interface OutgoingEmail {
  id: string;
  to: string;
  subject: string;
  body: string;
}

/** A text message ready to go: to a phone number. */
export interface OutgoingText {
  id: string;
  to: string;
  body: string;
}

/** One way of sending email (and, where it can, text messages). Failures throw; the sender retries later. */
export interface EmailSender {
  readonly name: 'outbox' | 'smtp' | 'notify';
  send(email: OutgoingEmail): Promise<{ providerRef: string | null }>;
  /** Only where this way can send text messages (the outbox, and Notify with a text template); SMTP cannot. */
  sendText?(text: OutgoingText): Promise<{ providerRef: string | null }>;
}

/**
 * The default: nothing leaves the machine. Messages stay in the notifications
 * table, which staff read on the Outbox page. Right for trying Heard, and for
 * councils that send letters some other way.
 */
export const outboxSender: EmailSender = {
  name: 'outbox',
  async send() {
    return { providerRef: null };
  },
  async sendText() {
    return { providerRef: null };
  },
};

/**
 * How long one send may take, at most, before it is given up as failed (and tried again later). It must end
 * well within the lease a sender holds on a message (LEASE_MINUTES in notifications.ts, five minutes): a send
 * still going when the lease runs out would be taken over by another server, and the email would go twice.
 * nodemailer would otherwise wait up to ten minutes on a silent connection, and Notify's client for ever.
 */
export const SEND_TIME_LIMIT_MS = 60_000;

/** The SMTP time limits Heard sets unless the council's SMTP_URL sets its own (the names are nodemailer's). */
export function withSmtpTimeLimits(url: string, limitMs = SEND_TIME_LIMIT_MS): string {
  const parsed = new URL(url);
  // Connecting, the server's greeting, then any silence on the socket: each is bounded, and together (at most
  // two minutes with the defaults) they stay inside the lease.
  const limits = { connectionTimeout: limitMs / 2, greetingTimeout: limitMs / 2, socketTimeout: limitMs };
  for (const [name, ms] of Object.entries(limits))
    if (!parsed.searchParams.has(name)) parsed.searchParams.set(name, String(ms));
  return parsed.toString();
}

export function smtpSender(url: string, from: string, limitMs = SEND_TIME_LIMIT_MS): EmailSender {
  const nodemailer = require('nodemailer') as typeof import('nodemailer');
  const transport = nodemailer.createTransport(withSmtpTimeLimits(url, limitMs));
  return {
    name: 'smtp',
    async send(email) {
      const info = await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.body,
        headers: { 'X-Heard-Notification': email.id },
      });
      return { providerRef: info.messageId ?? null };
    },
  };
}

/**
 * GOV.UK Notify with one email template whose subject and body are the
 * personalisation fields ((subject)) and ((body)), so the wording stays in
 * Heard's letter templates.
 */
export function notifySender(
  apiKey: string,
  templateId: string,
  baseUrl?: string,
  smsTemplateId?: string,
  limitMs = SEND_TIME_LIMIT_MS,
): EmailSender {
  const { NotifyClient } = require('notifications-node-client') as typeof import('notifications-node-client');
  const axios = require('axios') as typeof import('axios');
  const client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
  // The client's own HTTP client (axios) has no time limit: the same one, with SEND_TIME_LIMIT_MS.
  // (Cast: TypeScript sees axios's ESM and CommonJS type declarations as two unrelated types.)
  client.setClient(axios.default.create({ timeout: limitMs }) as unknown as Parameters<typeof client.setClient>[0]);
  // A text message template whose body is ((body)), when the council has one.
  const sendText = smsTemplateId
    ? async (text: OutgoingText) => {
        const response = await client.sendSms(smsTemplateId, text.to, {
          personalisation: { body: text.body },
          reference: text.id,
        });
        return { providerRef: (response.data as { id?: string }).id ?? null };
      }
    : undefined;
  return {
    name: 'notify',
    ...(sendText ? { sendText } : {}),
    async send(email) {
      const response = await client.sendEmail(templateId, email.to, {
        personalisation: { subject: email.subject, body: email.body },
        reference: email.id,
      });
      return { providerRef: (response.data as { id?: string }).id ?? null };
    },
  };
}
