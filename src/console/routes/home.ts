/** The console's home page, for every signed-in account. */
import type { FastifyInstance } from 'fastify';
import { SIGNED_IN } from '../context';
import { sendPage } from '../render';
import { HomePage } from '../views/home';

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { access: SIGNED_IN } }, async (req, reply) => sendPage(reply, HomePage({ page: req.page })));
}
