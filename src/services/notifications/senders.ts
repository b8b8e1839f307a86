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
 * How long one request to Notify may take, from start to the last byte of its answer, before it is given up as
 * failed and tried again later. Notify's client has no limit of its own: a request never answered would hold its
 * message (whose lease the sender renews while it waits, notifications.ts) until the renewals stop. SMTP needs
 * none of Heard's: nodemailer bounds connecting (2 minutes), the greeting (30 s) and each silence (10 minutes),
 * and SMTP_URL may set others (`?socketTimeout=60000`).
 */
export const NOTIFY_TIME_LIMIT_MS = 60_000;

export function smtpSender(url: string, from: string): EmailSender {
  const nodemailer = require('nodemailer') as typeof import('nodemailer');
  const transport = nodemailer.createTransport(url);
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
  limitMs = NOTIFY_TIME_LIMIT_MS,
): EmailSender {
  const { NotifyClient } = require('notifications-node-client') as typeof import('notifications-node-client');
  const axios = require('axios') as typeof import('axios');
  const client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
  // The client's own HTTP client (axios) has no time limit: the same one, with one. axios's `timeout` stops
  // counting once the answer's headers arrive, so each request also gets a signal that aborts it, whatever it
  // is doing, when the time is up (an answer trickled a byte at a time is cut off too).
  const http = axios.default.create({ timeout: limitMs });
  http.interceptors.request.use((config) => {
    config.signal = AbortSignal.timeout(limitMs);
    return config;
  });
  // Said plainly on the Outbox page (the message's last error), not as axios's "canceled".
  http.interceptors.response.use(undefined, (err: unknown) =>
    Promise.reject(
      axios.default.isCancel(err) ? new Error(`GOV.UK Notify did not answer in full within ${limitMs / 1000} s`) : err,
    ),
  );
  // (Cast: TypeScript sees axios's ESM and CommonJS type declarations as two unrelated types.)
  client.setClient(http as unknown as Parameters<typeof client.setClient>[0]);
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
