/**
 * One e-mail alert over SMTP, with nodemailer (the maintained SMTP client of Node: no
 * dependencies, STARTTLS, AUTH, timeouts). The Message-ID is made from the delivery id,
 * so a repeat after a restart is the same message to the receiving mail system.
 */
import nodemailer from "nodemailer";

/** The SMTP server, resolved (password read). */
export interface SmtpServer {
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly requireTLS: boolean;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly from: string;
  readonly timeoutMs: number;
}

/** One message. */
export interface EmailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** Unique per transition and target: the Message-ID's left part. */
  readonly deliveryId: string;
  readonly transitionId: string;
}

/** Sends the message; resolves once the server accepted it, rejects with the server's reason. */
export async function sendEmail(smtp: SmtpServer, message: EmailMessage): Promise<void> {
  const transport = nodemailer.createTransport({
    host: smtp.host, port: smtp.port, secure: smtp.secure, requireTLS: smtp.requireTLS,
    connectionTimeout: smtp.timeoutMs, greetingTimeout: smtp.timeoutMs, socketTimeout: smtp.timeoutMs,
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.password ?? "" } }),
  });
  const domain = smtp.from.split("@")[1] ?? "nightlight.invalid";
  try {
    await transport.sendMail({
      from: smtp.from, to: [...message.to], subject: message.subject, text: message.text,
      messageId: `<nightlight.${message.deliveryId}@${domain}>`,
      headers: { "Nightlight-Delivery": message.deliveryId, "Nightlight-Transition": message.transitionId },
    });
  } catch (error: unknown) {
    throw new Error(`SMTP ${smtp.host}:${smtp.port} refused the alert: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    transport.close();
  }
}
