import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from src/db/schema. The app applies them itself at start-up.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './src/db/migrations',
});
