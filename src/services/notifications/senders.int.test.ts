import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { notifySender, smtpSender } from './senders.ts';

/** Each adapter talks to a real server on this machine: SMTP over TCP, Notify's API over HTTP. */
describe('email adapters against real local servers', () => {
  const received: { from: string; to: string[]; data: string }[] = [];
  let smtp: SMTPServer;
  let smtpPort = 0;
  const notifyRequests: { path: string; auth: string; body: Record<string, unknown> }[] = [];
  let notify: Server;
  let notifyUrl = '';

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    smtpPort = (smtp.server.address() as AddressInfo).port;

    notify = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        notifyRequests.push({
          path: req.url ?? '',
          auth: String(req.headers.authorization ?? ''),
          body: JSON.parse(body || '{}') as Record<string, unknown>,
        });
        if (JSON.parse(body || '{}').email_address === 'broken@example.com') {
          res.writeHead(400, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              status_code: 400,
              errors: [{ error: 'ValidationError', message: 'email_address Not a valid email address' }],
            }),
          );
          return;
        }
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: 'notify-123', reference: 'x', content: {}, uri: '', template: {} }));
      });
    });
    await new Promise<void>((resolve) => notify.listen(0, '127.0.0.1', () => resolve()));
    notifyUrl = `http://127.0.0.1:${(notify.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => notify.close(() => resolve()));
  });

  it('SMTP: delivers the message with the subject, body and a header tying it to the notification', async () => {
    const sender = smtpSender(`smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`, 'Heard <complaints@example.gov.uk>');
    const result = await sender.send({
      id: 'n-1',
      to: 'sarah@example.com',
      subject: 'We have received your complaint: CS-2024-00001',
      body: 'Thank you.\nYour reference is CS-2024-00001.',
    });
    assert.ok(result.providerRef);
    assert.equal(received.length, 1);
    assert.equal(received[0]!.from, 'complaints@example.gov.uk');
    assert.deepEqual(received[0]!.to, ['sarah@example.com']);
    assert.match(received[0]!.data, /Subject: We have received your complaint: CS-2024-00001/);
    assert.match(received[0]!.data, /X-Heard-Notification: n-1/);
    assert.match(received[0]!.data, /Your reference is CS-2024-00001/);
  });

  it('SMTP: a server that is not there is an error the sender will retry', async () => {
    const sender = smtpSender('smtp://127.0.0.1:1?ignoreTLS=true&connectionTimeout=2000', 'x@example.gov.uk');
    await assert.rejects(
      sender.send({ id: 'n-2', to: 'a@example.com', subject: 's', body: 'b' }),
      /ECONNREFUSED|connect/,
    );
  });

  it('GOV.UK Notify: sends the template with subject and body as personalisation, signed with the API key', async () => {
    const key = 'heard_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
    const sender = notifySender(key, 'f33517ff-2a88-4f6e-b855-c550268ce08a', notifyUrl);
    const result = await sender.send({
      id: 'n-3',
      to: 'sarah@example.com',
      subject: 'Your complaint',
      body: 'Thank you.',
    });
    assert.equal(result.providerRef, 'notify-123');
    const request = notifyRequests[0]!;
    assert.equal(request.path, '/v2/notifications/email');
    assert.match(request.auth, /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    assert.deepEqual(request.body, {
      template_id: 'f33517ff-2a88-4f6e-b855-c550268ce08a',
      email_address: 'sarah@example.com',
      personalisation: { subject: 'Your complaint', body: 'Thank you.' },
      reference: 'n-3',
    });
    await assert.rejects(sender.send({ id: 'n-4', to: 'broken@example.com', subject: 's', body: 'b' }));
  });

  it('GOV.UK Notify: sends a text message with its own template, only when the council has one', async () => {
    const key = 'heard_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
    assert.equal(notifySender(key, 'f33517ff-2a88-4f6e-b855-c550268ce08a', notifyUrl).sendText, undefined);
    const sender = notifySender(
      key,
      'f33517ff-2a88-4f6e-b855-c550268ce08a',
      notifyUrl,
      'a1b2c3d4-0000-4000-8000-000000000001',
    );
    const result = await sender.sendText!({ id: 'n-5', to: '07700 900 982', body: '123456 is your code' });
    assert.equal(result.providerRef, 'notify-123');
    const request = notifyRequests.at(-1)!;
    assert.equal(request.path, '/v2/notifications/sms');
    assert.deepEqual(request.body, {
      template_id: 'a1b2c3d4-0000-4000-8000-000000000001',
      phone_number: '07700 900 982',
      personalisation: { body: '123456 is your code' },
      reference: 'n-5',
    });
  });

  describe('GOV.UK Notify: a request that does not end is given up at the time limit', () => {
    const key = 'heard_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
    /** A stand-in for Notify that misbehaves as `answer` says, and the time its request took to fail. */
    async function failsAt(answer: (res: import('node:http').ServerResponse) => void): Promise<number> {
      const server = createServer((req, res) => {
        req.resume();
        answer(res);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const sender = notifySender(key, 'f33517ff-2a88-4f6e-b855-c550268ce08a', url, undefined, 400);
        const started = Date.now();
        await assert.rejects(
          sender.send({ id: 'n-6', to: 'a@example.com', subject: 's', body: 'b' }),
          /did not answer in full within 0.4 s|timeout/,
        );
        return Date.now() - started;
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    }

    it('never answered', async () => {
      const took = await failsAt(() => {});
      assert.ok(took >= 350 && took < 3_000, `${took} ms`);
    });

    it('answered at once, then the body trickled a byte at a time (never silent for long)', async () => {
      const took = await failsAt((res) => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.write('{');
        const trickle = setInterval(
          () => (res.writableEnded || res.destroyed ? clearInterval(trickle) : res.write(' ')),
          50,
        );
        res.on('close', () => clearInterval(trickle));
      });
      assert.ok(took >= 350 && took < 3_000, `${took} ms`);
    });
  });
});
