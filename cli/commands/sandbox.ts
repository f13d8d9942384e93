import { startSandbox } from '../../sandbox/server.js';

/** `pmap sandbox`: serve an Odoo-compatible sandbox until interrupted. */
export async function runSandbox(options: { host: string; port: number }): Promise<number> {
  const password = process.env.PMAP_ODOO_PASSWORD ?? 'admin';
  const sandbox = await startSandbox({ host: options.host, port: options.port, password });
  const passwordSource = process.env.PMAP_ODOO_PASSWORD ? 'the password in PMAP_ODOO_PASSWORD' : 'password "admin" (set PMAP_ODOO_PASSWORD to choose another)';
  process.stdout.write(
    `Odoo 16 sandbox listening on ${sandbox.url}\n` +
      `database ${sandbox.database}, login ${sandbox.login}, ${passwordSource}\n` +
      'data lives in memory and is lost when the sandbox stops; press Ctrl-C to stop\n',
  );

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sandbox.close();
  process.stdout.write('sandbox stopped\n');
  return 0;
}
