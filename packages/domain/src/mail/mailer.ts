import { createTransport, type Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** A stable Message-ID (e.g. an alert delivery's), so a resend is recognisably the same mail. */
  messageId?: string;
}

/** Sends e-mail through the configured SMTP server, or says it cannot (no SMTP_URL). */
export interface Mailer {
  readonly enabled: boolean;
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** A mailer for `smtpUrl` (smtp:// or smtps://, credentials in the URL); disabled without one. */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer {
  if (!smtpUrl) return { enabled: false, send: async () => {}, close: () => {} };
  const transport: Transporter = createTransport(smtpUrl, { from });
  return {
    enabled: true,
    send: async (mail) => {
      await transport.sendMail({ from, ...mail });
    },
    close: () => transport.close(),
  };
}
