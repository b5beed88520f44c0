import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { CatalogRepository } from '../catalog/catalogRepository.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { OrderEmailWorker, setEmailsEnabled } from './orderEmails.js';

/**
 * Order e-mails when SMTP_URL is set: the worker, sending through nodemailer. Without it, e-mails
 * are switched off for this database (nothing is queued) and that is logged once, here.
 */
export async function startOrderEmails(
  db: Db,
  catalog: CatalogRepository,
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl'>,
  logger: Logger,
): Promise<OrderEmailWorker | null> {
  if (!config.smtpUrl || !config.mailFrom) {
    await setEmailsEnabled(db.kysely, false);
    logger.info('SMTP_URL is not set: no order e-mails are sent to customers');
    return null;
  }
  const transport = nodemailer.createTransport(config.smtpUrl);
  const worker = new OrderEmailWorker(db, { transport, from: config.mailFrom, catalog, publicUrl: config.publicUrl, logger });
  await worker.start();
  logger.info({ smtp: new URL(config.smtpUrl).host }, 'order e-mails on');
  return worker;
}
