import type { Config } from '../../config.ts';
import { notifySender, outboxSender, smtpSender, type EmailSender } from './senders.ts';

export function senderFromConfig(config: Config): EmailSender {
  const n = config.notifications;
  switch (n.via) {
    case 'outbox':
      return outboxSender;
    case 'smtp':
      return smtpSender(n.url, n.from);
    case 'notify':
      return notifySender(n.apiKey, n.templateId, n.baseUrl, n.smsTemplateId);
    default: {
      const never: never = n;
      throw new Error(`Unknown notifications setting ${JSON.stringify(never)}`);
    }
  }
}
