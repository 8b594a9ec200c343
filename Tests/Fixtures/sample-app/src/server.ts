import express from 'express';
import pino from 'pino';
import { Pool } from 'pg';

const logger = pino();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();

app.get('/healthz', (_req, res) => res.send('ok'));

app.get('/products', async (_req, res) => {
  const { rows } = await pool.query('SELECT id, name, price FROM products');
  res.json(rows);
});

app.post('/orders', async (req, res) => {
  logger.info({ order: req.body }, 'new order');
  res.status(201).end();
});

app.listen(Number(process.env.PORT ?? 3000), () => logger.info('listening'));
