// `npm start`: serve the built app and print its URL.
import { serveStatic } from './static-server.mjs';

const root = process.argv[2] ?? 'dist';
const port = Number(process.env.PORT ?? 4173);
const { url } = await serveStatic(root, { port });
console.log(`credaudit is running at ${url}`);
console.log('Open it in a browser and click "Load sample data", or drop your credential report. Ctrl+C stops the server.');
